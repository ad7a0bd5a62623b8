// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: views (SPEC §3, §5, §6, §7).
 *
 * A view is a VMA whose vm_file is the section's backing file, so reverse
 * mapping, truncation, reclaim, swap and migration see it as any shared file
 * mapping. The section file's ->mmap points the VMA at the backing file,
 * calls the backing file's ->mmap and wraps the vm_operations it installed
 * (the way SysV shm does) to add what NT needs: view bookkeeping, atomic
 * views (no split, no mremap), SEC_RESERVE pages that fault until committed,
 * one-shot guard pages, and protections capped by clearing VM_MAY* bits.
 *
 * The fault path takes no lock of the module's: it reads the commit state
 * locklessly and forwards to the backing file's handlers.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "internal.h"
#include "validate.h"

/**
 * struct nts_view - what a view's VMA carries in vm_private_data
 * @ref: one per VMA (fork copies share the view)
 * @section: the section (one reference, dropped with the last VMA)
 * @backing_ops: the vm_operations the backing file's ->mmap installed
 * @protect: the view's protection (PAGE_*, modifiers included)
 * @inherit: ViewShare or ViewUnmap
 * @guard: PAGE_GUARD views: one bit per page, set once its guard fired
 */
struct nts_view {
	struct kref ref;
	struct nts_section *section;
	const struct vm_operations_struct *backing_ops;
	u32 protect;
	u32 inherit;
	unsigned long *guard;
};

static const struct vm_operations_struct nts_view_vm_ops;
static const struct vm_operations_struct nts_view_mkwrite_vm_ops;
static const struct vm_operations_struct nts_view_guard_vm_ops;
static const struct vm_operations_struct nts_view_guard_mkwrite_vm_ops;

static bool nts_is_view(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &nts_view_vm_ops || vma->vm_ops == &nts_view_mkwrite_vm_ops ||
	       vma->vm_ops == &nts_view_guard_vm_ops ||
	       vma->vm_ops == &nts_view_guard_mkwrite_vm_ops;
}

static void nts_view_release(struct kref *ref)
{
	struct nts_view *view = container_of(ref, struct nts_view, ref);

	atomic_dec(&view->section->views);
	nts_section_put(view->section);
	bitmap_free(view->guard);
	kfree(view);
	nts_count(NTS_CNT_VIEWS, -1);
}

static void nts_view_open(struct vm_area_struct *vma)
{
	struct nts_view *view = vma->vm_private_data;

	/* fork() of a ViewShare view: the child's VMA shares the view. */
	kref_get(&view->ref);
	atomic_inc(&view->section->views);
	if (view->backing_ops->open)
		view->backing_ops->open(vma);
}

static void nts_view_close(struct vm_area_struct *vma)
{
	struct nts_view *view = vma->vm_private_data;

	if (view->backing_ops->close)
		view->backing_ops->close(vma);
	kref_put(&view->ref, nts_view_release);
}

/* A view is atomic: no partial munmap(), mprotect() or mlock() (SPEC §5). */
static int nts_view_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static int nts_view_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static vm_fault_t nts_view_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct nts_view *view = vma->vm_private_data;
	vm_fault_t ret;

	if (view->guard &&
	    !test_and_set_bit((vmf->address - vma->vm_start) >> PAGE_SHIFT, view->guard))
		return VM_FAULT_SIGSEGV;	/* STATUS_GUARD_PAGE_VIOLATION, once */
	if (!nts_section_committed(view->section, vmf->pgoff))
		return VM_FAULT_SIGSEGV;	/* reserved, not committed (SPEC §6) */
	ret = view->backing_ops->fault(vmf);
	/*
	 * No page to be had (memory.max reached, see nts_section_backing()):
	 * SIGBUS for the toucher. VM_FAULT_OOM would only retry the fault.
	 */
	if (unlikely(ret & VM_FAULT_OOM))
		ret = (ret & ~VM_FAULT_OOM) | VM_FAULT_SIGBUS;
	return ret;
}

/*
 * Fault-around: only pages already in the backing file's page cache are
 * mapped, and a SEC_RESERVE page gets there only through a committed fault,
 * so the commit state needs no check here. Guard views have no map_pages.
 */
static vm_fault_t nts_view_map_pages(struct vm_fault *vmf, pgoff_t start, pgoff_t end)
{
	struct nts_view *view = vmf->vma->vm_private_data;

	if (!view->backing_ops->map_pages)
		return 0;
	return view->backing_ops->map_pages(vmf, start, end);
}

static vm_fault_t nts_view_page_mkwrite(struct vm_fault *vmf)
{
	struct nts_view *view = vmf->vma->vm_private_data;

	return view->backing_ops->page_mkwrite(vmf);
}

static const struct vm_operations_struct nts_view_vm_ops = {
	.open		= nts_view_open,
	.close		= nts_view_close,
	.may_split	= nts_view_may_split,
	.mremap		= nts_view_mremap,
	.fault		= nts_view_fault,
	.map_pages	= nts_view_map_pages,
};

static const struct vm_operations_struct nts_view_mkwrite_vm_ops = {
	.open		= nts_view_open,
	.close		= nts_view_close,
	.may_split	= nts_view_may_split,
	.mremap		= nts_view_mremap,
	.fault		= nts_view_fault,
	.map_pages	= nts_view_map_pages,
	.page_mkwrite	= nts_view_page_mkwrite,
};

static const struct vm_operations_struct nts_view_guard_vm_ops = {
	.open		= nts_view_open,
	.close		= nts_view_close,
	.may_split	= nts_view_may_split,
	.mremap		= nts_view_mremap,
	.fault		= nts_view_fault,
};

static const struct vm_operations_struct nts_view_guard_mkwrite_vm_ops = {
	.open		= nts_view_open,
	.close		= nts_view_close,
	.may_split	= nts_view_may_split,
	.mremap		= nts_view_mremap,
	.fault		= nts_view_fault,
	.page_mkwrite	= nts_view_page_mkwrite,
};

/* The PROT_* and MAP_* a view protection maps with. */
static unsigned long nts_protect_to_prot(u32 protect, unsigned long *flags)
{
	*flags = MAP_SHARED;
	switch (protect & NTS_PAGE_BASE_MASK) {
	case NT_PAGE_READONLY:
		return PROT_READ;
	case NT_PAGE_READWRITE:
		return PROT_READ | PROT_WRITE;
	case NT_PAGE_WRITECOPY:
		*flags = MAP_PRIVATE;
		return PROT_READ | PROT_WRITE;
	case NT_PAGE_EXECUTE:
		return PROT_EXEC;
	case NT_PAGE_EXECUTE_READ:
		return PROT_READ | PROT_EXEC;
	case NT_PAGE_EXECUTE_READWRITE:
		return PROT_READ | PROT_WRITE | PROT_EXEC;
	case NT_PAGE_EXECUTE_WRITECOPY:
		*flags = MAP_PRIVATE;
		return PROT_READ | PROT_WRITE | PROT_EXEC;
	default:
		return PROT_NONE;
	}
}

/* The view protection a plain mmap() asks for. */
static u32 nts_vma_to_protect(const struct vm_area_struct *vma)
{
	bool r = vma->vm_flags & VM_READ, w = vma->vm_flags & VM_WRITE;
	bool x = vma->vm_flags & VM_EXEC, shared = vma->vm_flags & VM_SHARED;

	if (w && !shared)
		return x ? NT_PAGE_EXECUTE_WRITECOPY : NT_PAGE_WRITECOPY;
	if (x)
		return w ? NT_PAGE_EXECUTE_READWRITE : r ? NT_PAGE_EXECUTE_READ : NT_PAGE_EXECUTE;
	if (w)
		return NT_PAGE_READWRITE;
	return r ? NT_PAGE_READONLY : NT_PAGE_NOACCESS;
}

/* What mprotect() may never add to a view of this protection (SPEC §3). */
static vm_flags_t nts_protect_forbidden(u32 protect)
{
	switch (protect & NTS_PAGE_BASE_MASK) {
	case NT_PAGE_NOACCESS:
		return VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	case NT_PAGE_READONLY:
		return VM_MAYWRITE | VM_MAYEXEC;
	case NT_PAGE_READWRITE:
	case NT_PAGE_WRITECOPY:
		return VM_MAYEXEC;
	case NT_PAGE_EXECUTE:
	case NT_PAGE_EXECUTE_READ:
		return VM_MAYWRITE;
	default:
		return 0;
	}
}

static int nts_view_attach(struct vm_area_struct *vma, struct nts_section *sec, u32 protect,
			   u32 inherit)
{
	struct file *backing = sec->backing;
	vm_flags_t forbidden = nts_protect_forbidden(protect);
	const struct vm_operations_struct *ops;
	struct nts_view *view;
	int err;

	/* The backing file's open mode caps shared views too (SPEC §3). */
	if ((vma->vm_flags & VM_SHARED) && !(backing->f_mode & FMODE_WRITE))
		forbidden |= VM_MAYWRITE;
	if (vma->vm_flags & (forbidden >> 4))	/* VM_MAYx is VM_x << 4 */
		return -EACCES;

	view = kzalloc(sizeof(*view), GFP_KERNEL_ACCOUNT);
	if (!view)
		return -ENOMEM;
	if (protect & NT_PAGE_GUARD) {
		view->guard = bitmap_zalloc(vma_pages(vma), GFP_KERNEL_ACCOUNT);
		if (!view->guard) {
			kfree(view);
			return -ENOMEM;
		}
	}
	kref_init(&view->ref);
	view->protect = protect;
	view->inherit = inherit;

	vma_set_file(vma, backing);
	err = backing->f_op->mmap(backing, vma);
	if (!err && (!vma->vm_ops || !vma->vm_ops->fault || vma->vm_private_data))
		err = -ENODEV;	/* a backing file we cannot wrap */
	if (err) {
		bitmap_free(view->guard);
		kfree(view);
		return err;
	}

	view->backing_ops = vma->vm_ops;
	if (view->guard)
		ops = view->backing_ops->page_mkwrite ? &nts_view_guard_mkwrite_vm_ops :
							&nts_view_guard_vm_ops;
	else
		ops = view->backing_ops->page_mkwrite ? &nts_view_mkwrite_vm_ops :
							&nts_view_vm_ops;
	vm_flags_clear(vma, forbidden);
	vm_flags_set(vma, VM_DONTEXPAND);
	if (inherit == NT_VIEW_UNMAP)
		vm_flags_set(vma, VM_DONTCOPY);
	if ((sec->alloc_attrs & NT_SEC_LARGE_PAGES))
		vm_flags_set(vma, VM_HUGEPAGE);
	if ((sec->alloc_attrs & NT_SEC_NOCACHE) || (protect & NT_PAGE_NOCACHE))
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	else if ((sec->alloc_attrs & NT_SEC_WRITECOMBINE) || (protect & NT_PAGE_WRITECOMBINE))
		vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);

	nts_section_get(sec);
	atomic_inc(&sec->views);
	nts_count(NTS_CNT_VIEWS, 1);
	view->section = sec;
	vma->vm_private_data = view;
	vma->vm_ops = ops;
	return 0;
}

/**
 * nts_view_mmap() - ->mmap of a section file descriptor
 * @file: the section handle
 * @vma: the new VMA
 *
 * Both doors come here: NtMapViewOfSection (through vm_mmap(), with its
 * request parked on the section, already validated) and a plain mmap() of
 * the section fd, which gets the same checks here: handle access, view
 * protection against the section's, 64 KiB-aligned base and offset, and a
 * range inside the section.
 *
 * Return: 0 or a negative errno.
 */
int nts_view_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct nts_handle *handle = file->private_data;
	struct nts_section *sec = handle->section;
	struct nts_map_request *req = READ_ONCE(sec->pending);
	struct nts_map_args args = {};
	u64 view_size;
	u32 status;

	if (req && req->task == current) {
		/*
		 * CommitSize is committed here, once the view has its place (a
		 * conflicting address never reaches ->mmap), so that a map that
		 * fails for its address commits nothing; and before MAP_POPULATE
		 * prefaults the view. Only running out of memory after this
		 * point leaves the pages committed without the view.
		 */
		if (req->commit_size && nts_section_reserve_only(sec)) {
			status = nts_section_commit(sec, req->offset >> PAGE_SHIFT,
						    DIV_ROUND_UP(req->commit_size, PAGE_SIZE));
			if (status)
				return nts_status_to_errno(status);
		}
		return nts_view_attach(vma, sec, req->protect, req->inherit);
	}

	args.base = vma->vm_start;
	args.offset = (u64)vma->vm_pgoff << PAGE_SHIFT;
	args.view_size = vma->vm_end - vma->vm_start;
	args.inherit = NT_VIEW_SHARE;
	args.protect = nts_vma_to_protect(vma);
	args.user_limit = TASK_SIZE;
	status = nts_check_map_access(handle->access, args.protect);
	if (!status)
		status = nts_map_check_section(&args, sec->protect, READ_ONCE(sec->size),
					       sec->file_backed, sec->alloc_attrs, &view_size);
	if (status)
		return nts_status_to_errno(status);
	return nts_view_attach(vma, sec, args.protect, args.inherit);
}

static unsigned long nts_view_alignment(const struct nts_section *sec)
{
	if (sec->alloc_attrs & NT_SEC_LARGE_PAGES)
		return NTS_LARGE_PAGE_SIZE;
	return NTS_GRANULARITY;
}

static unsigned long nts_aligned_area(unsigned long len, unsigned long align,
				      unsigned long pgoff, unsigned long flags)
{
	unsigned long addr;

	if (len > TASK_SIZE - align)
		return -ENOMEM;
	addr = nts_default_unmapped_area(0, len + align - PAGE_SIZE, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	return ALIGN(addr, align);
}

/**
 * nts_view_get_unmapped_area() - placement of a plain mmap() of a section
 * @file: the section handle
 * @addr: the hint
 * @len: the length
 * @pgoff: the offset in pages
 * @flags: MAP_* flags
 *
 * Views start on the 64 KiB allocation granularity (2 MiB for large-page
 * sections); MAP_FIXED addresses are checked by ->mmap instead.
 *
 * Return: an address or a negative errno.
 */
unsigned long nts_view_get_unmapped_area(struct file *file, unsigned long addr,
					 unsigned long len, unsigned long pgoff,
					 unsigned long flags)
{
	struct nts_handle *handle = file->private_data;

	if (flags & MAP_FIXED)
		return addr;
	if (addr && IS_ALIGNED(addr, NTS_GRANULARITY)) {
		unsigned long hint = nts_default_unmapped_area(addr, len, pgoff, flags);

		if (hint == addr)
			return hint;
	}
	return nts_aligned_area(len, nts_view_alignment(handle->section), pgoff, flags);
}

/* Keep clear of a stack's growth (stack_guard_gap is not exported). */
#define NTS_STACK_GUARD_GAP	(256UL << PAGE_SHIFT)

static unsigned long nts_vma_start_gap(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > NTS_STACK_GUARD_GAP ? vma->vm_start - NTS_STACK_GUARD_GAP : 0;
}

/*
 * The lowest (or, top_down, highest) @align-aligned address in [low, high)
 * where @len bytes are free. The caller holds mmap_lock.
 */
static unsigned long nts_find_gap(struct mm_struct *mm, unsigned long len, unsigned long align,
				  unsigned long low, unsigned long high, bool top_down)
{
	unsigned long gap_start = low, found = -ENOMEM;
	struct vm_area_struct *vma;

	VMA_ITERATOR(vmi, mm, 0);

	for (;;) {
		unsigned long gap_end, lo, hi;

		vma = vma_next(&vmi);
		gap_end = vma ? nts_vma_start_gap(vma) : high;
		lo = ALIGN(max(gap_start, low), align);
		hi = min(gap_end, high);
		if (hi > lo && hi - lo >= len) {
			if (!top_down)
				return lo;
			found = ALIGN_DOWN(hi - len, align);
		}
		if (!vma || gap_end >= high)
			break;
		gap_start = max(gap_start, vma->vm_end);
	}
	return found;
}

/**
 * nts_view_map() - NtMapViewOfSection, after the handles are resolved
 * @req: the request; @req->base and @req->view_size are written on success
 * @handle_file: the section handle the view is mapped through
 *
 * Runs the rest of the SPEC §5 order: handle access (user callers only),
 * alignment, protection against the section, view size, commit size, and
 * placement; then maps the view into the current process with vm_mmap(),
 * which comes back through nts_view_mmap().
 *
 * Return: an NTSTATUS.
 */
u32 nts_view_map(struct nts_map_request *req, struct file *handle_file)
{
	struct nts_section *sec = req->section;
	struct nts_map_args args = {
		.base = req->base, .zero_bits = req->zero_bits,
		.commit_size = req->commit_size, .offset = req->offset,
		.view_size = req->view_size, .inherit = req->inherit,
		.alloc_type = req->alloc_type, .protect = req->protect,
		.user_limit = TASK_SIZE,
	};
	struct mm_struct *mm = current->mm;
	unsigned long prot, flags, addr, align;
	u64 view_size, limit = TASK_SIZE;
	u32 status;
	int tries;

	if (!req->kernel) {
		status = nts_check_map_access(req->access, req->protect);
		if (status)
			return status;
	}
	status = nts_map_check_section(&args, sec->protect, READ_ONCE(sec->size),
				       sec->file_backed, sec->alloc_attrs, &view_size);
	if (status)
		return status;
	status = nts_zero_bits_limit(req->zero_bits, &limit);
	if (status)
		return status;
	/* The highest usable address, inclusive, becomes an exclusive end. */
	limit = limit >= TASK_SIZE - 1 ? TASK_SIZE : limit + 1;
	if (!mm)
		return NT_STATUS_INVALID_HANDLE;

	prot = nts_protect_to_prot(req->protect, &flags);
	align = nts_view_alignment(sec);
	/*
	 * CommitSize: nts_view_mmap() commits it (section-wide, SPEC §6); the
	 * map then prefaults what is known to be committed when that is the
	 * whole view (MAP_POPULATE: one batched pass instead of a fault per
	 * page). Guard pages must fault, so they are never prefaulted; nor are
	 * WRITECOPY views: populating a private writable mapping breaks COW,
	 * and the view would hold a copy made now.
	 */
	if (req->commit_size && PAGE_ALIGN(req->commit_size) >= view_size &&
	    !(req->protect & NT_PAGE_GUARD) && (flags & MAP_SHARED))
		flags |= MAP_POPULATE;
	req->task = current;
	mutex_lock(&sec->map_lock);
	WRITE_ONCE(sec->pending, req);
	for (tries = 0; tries < 16; tries++) {
		if (req->base) {
			addr = req->base;
		} else if (req->zero_bits || (req->alloc_type & NT_MEM_TOP_DOWN)) {
			bool top_down = req->alloc_type & NT_MEM_TOP_DOWN;
			u64 high = limit;

			if (top_down && !req->zero_bits)
				high = min_t(u64, high, mm->mmap_base);
			if (mmap_read_lock_killable(mm)) {
				addr = -EINTR;
				break;
			}
			addr = nts_find_gap(mm, view_size, align, NTS_GRANULARITY, high, top_down);
			mmap_read_unlock(mm);
			if (IS_ERR_VALUE(addr))
				break;
		} else {
			addr = 0;
		}
		addr = vm_mmap(handle_file, addr, view_size, prot,
			       flags | (addr ? MAP_FIXED_NOREPLACE : 0), req->offset);
		/* Someone took the gap between the search and the mapping. */
		if (addr != (unsigned long)-EEXIST || req->base)
			break;
	}
	WRITE_ONCE(sec->pending, NULL);
	mutex_unlock(&sec->map_lock);

	if (IS_ERR_VALUE(addr)) {
		if (addr == (unsigned long)-EEXIST)
			return NT_STATUS_CONFLICTING_ADDRESSES;
		return nts_errno_to_status((long)addr, NT_STATUS_NO_MEMORY);
	}
	req->base = addr;
	req->view_size = view_size;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_map);

/**
 * struct nts_view_loc - a view found by address, with a reference
 * @view: the view (nts_view_put() when done)
 * @start: the VMA's start
 * @end: the VMA's end
 * @pgoff: the view's section offset in pages
 * @vm_flags: the VMA's flags when it was found
 */
struct nts_view_loc {
	struct nts_view *view;
	unsigned long start;
	unsigned long end;
	pgoff_t pgoff;
	vm_flags_t vm_flags;
};

/* The view containing @addr in the current process. */
static u32 nts_view_find(unsigned long addr, struct nts_view_loc *loc)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	u32 status = NT_STATUS_NOT_MAPPED_VIEW;

	if (!mm)
		return status;
	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr && nts_is_view(vma)) {
		loc->view = vma->vm_private_data;
		kref_get(&loc->view->ref);
		loc->start = vma->vm_start;
		loc->end = vma->vm_end;
		loc->pgoff = vma->vm_pgoff;
		loc->vm_flags = vma->vm_flags;
		status = NT_STATUS_SUCCESS;
	}
	mmap_read_unlock(mm);
	return status;
}

static void nts_view_put(struct nts_view *view)
{
	kref_put(&view->ref, nts_view_release);
}

/**
 * nts_view_unmap() - NtUnmapViewOfSection in the current process
 * @addr: any address inside the view
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_NOT_MAPPED_VIEW when @addr is in
 * no view (free memory, private memory, a view already unmapped).
 */
u32 nts_view_unmap(unsigned long addr)
{
	struct nts_view_loc loc;
	u32 status;
	int err;

	status = nts_view_find(addr, &loc);
	if (status)
		return status;
	nts_view_put(loc.view);
	err = vm_munmap(loc.start, loc.end - loc.start);
	return err ? nts_errno_to_status(err, NT_STATUS_UNSUCCESSFUL) : NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_unmap);

/**
 * nts_view_commit() - NtAllocateVirtualMemory(MEM_COMMIT) on a view
 * @base: in/out: the start of the range; rounded down to a page
 * @size: in/out: the size of the range; rounded up to whole pages
 * @protect: Win32Protect
 *
 * Commits the pages for the whole section: every view sees them (SPEC §6).
 *
 * Return: an NTSTATUS; NT_STATUS_NOT_MAPPED_VIEW when @base is in no view
 * (the caller handles private memory itself).
 */
u32 nts_view_commit(u64 *base, u64 *size, u32 protect)
{
	struct nts_view_loc loc;
	struct nts_section *sec;
	unsigned long first, last;
	u32 status;

	if (!nts_protect_valid(protect))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	if (*base >= TASK_SIZE || *size > TASK_SIZE - *base)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(*base, &loc);
	if (status)
		return status;
	sec = loc.view->section;
	first = ALIGN_DOWN(*base, PAGE_SIZE);
	last = ALIGN(*base + (*size ? *size : 1), PAGE_SIZE);
	if (last > loc.end)
		status = NT_STATUS_CONFLICTING_ADDRESSES;
	else if (sec->file_backed)
		status = NT_STATUS_ACCESS_DENIED;
	else
		status = nts_check_view_protect(sec->protect, protect);
	if (!status)
		status = nts_section_commit(sec, loc.pgoff + ((first - loc.start) >> PAGE_SHIFT),
					    (last - first) >> PAGE_SHIFT);
	nts_view_put(loc.view);
	if (!status) {
		*base = first;
		*size = last - first;
	}
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_commit);

/**
 * nts_view_free() - NtFreeVirtualMemory on a view
 * @base: an address
 *
 * Views are released by NtUnmapViewOfSection only (SPEC §6).
 *
 * Return: NT_STATUS_UNABLE_TO_DELETE_SECTION inside a view, else
 * NT_STATUS_NOT_MAPPED_VIEW (the caller handles private memory itself).
 */
u32 nts_view_free(u64 base)
{
	struct nts_view_loc loc;
	u32 status;

	if (base >= TASK_SIZE)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(base, &loc);
	if (status)
		return status;
	nts_view_put(loc.view);
	return NT_STATUS_UNABLE_TO_DELETE_SECTION;
}

/*
 * Has this process its own copy of the page at @addr (a write through a
 * WRITECOPY view)? Looks at the page table only; never faults.
 */
static bool nts_page_is_private_copy(unsigned long addr)
{
	struct page *page;
	bool anon;

	if (get_user_pages_fast_only(addr, 1, 0, &page) != 1)
		return false;
	anon = PageAnon(page);
	put_page(page);
	return anon;
}

/*
 * The protection the VMA grants now (after any mprotect()); a written page
 * of a WRITECOPY view is READWRITE (EXECUTE_READWRITE), SPEC §6.
 */
static u32 nts_current_protect(const struct nts_view_loc *loc, bool copied)
{
	vm_flags_t f = loc->vm_flags;
	bool r = f & VM_READ, w = f & VM_WRITE, x = f & VM_EXEC;
	bool cow = !(f & VM_SHARED) && !copied;

	if (x)
		return w ? (cow ? NT_PAGE_EXECUTE_WRITECOPY : NT_PAGE_EXECUTE_READWRITE) :
			   r ? NT_PAGE_EXECUTE_READ : NT_PAGE_EXECUTE;
	if (w)
		return cow ? NT_PAGE_WRITECOPY : NT_PAGE_READWRITE;
	return r ? NT_PAGE_READONLY : NT_PAGE_NOACCESS;
}

/**
 * nts_view_query() - NtQueryVirtualMemory(MemoryBasicInformation) on a view
 * @info: in: @info->address; out: the rest
 *
 * The region is the run of pages from @info->address's page, inside the
 * view, with the same commit state (SPEC §6).
 *
 * Return: an NTSTATUS; NT_STATUS_NOT_MAPPED_VIEW when the address is in no
 * view.
 */
u32 nts_view_query(struct ntsection_vm_info *info)
{
	struct nts_view_loc loc;
	struct nts_section *sec;
	unsigned long addr, end;
	bool committed, cow, copied;
	u32 status;

	if (info->address >= TASK_SIZE)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(info->address, &loc);
	if (status)
		return status;
	sec = loc.view->section;
	addr = ALIGN_DOWN(info->address, PAGE_SIZE);
	cow = !(loc.vm_flags & VM_SHARED);
	committed = nts_section_committed(sec, loc.pgoff + ((addr - loc.start) >> PAGE_SHIFT));
	copied = cow && nts_page_is_private_copy(addr);
	for (end = addr + PAGE_SIZE; end < loc.end; end += PAGE_SIZE) {
		pgoff_t idx = loc.pgoff + ((end - loc.start) >> PAGE_SHIFT);

		if (nts_section_committed(sec, idx) != committed)
			break;
		if (cow && nts_page_is_private_copy(end) != copied)
			break;
	}
	info->base_address = addr;
	info->allocation_base = loc.start;
	info->region_size = end - addr;
	info->allocation_protect = loc.view->protect;
	info->state = committed ? NT_MEM_COMMIT : NT_MEM_RESERVE;
	info->protect = committed ? nts_current_protect(&loc, copied) |
				    (loc.view->protect & NTS_PAGE_MODIFIER_MASK) : 0;
	info->type = NT_MEM_MAPPED;
	nts_view_put(loc.view);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_query);
