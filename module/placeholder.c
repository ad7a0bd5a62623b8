// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: placeholders (SPEC §12).
 *
 * A placeholder is address space reserved so that a view, or private
 * memory, can later take its place with no moment where the range is free
 * (VirtualAlloc2(MEM_RESERVE_PLACEHOLDER), MapViewOfFile3 and
 * VirtualAlloc2 with MEM_REPLACE_PLACEHOLDER, UnmapViewOfFile2 and
 * VirtualFree with MEM_PRESERVE_PLACEHOLDER, VirtualFree with
 * MEM_COALESCE_PLACEHOLDERS).
 *
 * Each placeholder is one VMA of its own: PROT_NONE with no VM_MAY* bit
 * (nothing, mprotect() or a FOLL_FORCE access included, can make it
 * accessible), mapping at offset 0 an empty shmem file of its own that
 * carries the placeholder file operations. Distinct files keep two
 * placeholders side by side from ever merging into one VMA, and a
 * placeholder cannot be split, shrunk, grown or moved (->may_split,
 * VM_DONTEXPAND, ->mremap) except by the module's own operations, which
 * hold a split permit (view.c) for exactly the ends they split at. So the
 * VMAs are the placeholders: the module keeps no list of its own.
 *
 * Every change is one vm_mmap(MAP_FIXED) over the old mappings, which the
 * kernel makes under one hold of the mmap lock: replacing a placeholder
 * with a view or private memory, a view or private memory with a
 * placeholder, splitting (the new pieces are mapped from the right, so
 * that no piece ever lies between two of the old file's) and coalescing.
 * The module's operations on one address space are serialised by a mutex
 * of that address space's own (struct nts_mm_lock), so that a placeholder
 * found by one is still there when it is replaced, and no process's change
 * waits for another's; only a thread that unmaps or maps over it with raw
 * munmap() or mmap(MAP_FIXED) meanwhile can race with that, in its own
 * process.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/userfaultfd_k.h>

#include "internal.h"
#include "validate.h"

/**
 * struct nts_mm_lock - serialises the module's placeholder changes in one
 *	address space
 * @node: in nts_mm_locks, hashed by @mm
 * @mm: the address space (compared, never dereferenced: every user holds a
 *	reference of its own on it while the lock exists)
 * @users: the calls that hold or wait for @mutex, under nts_mm_locks_lock;
 *	the lock goes with the last
 * @mutex: held across the check and the vm_mmap() of a change
 *
 * One per address space with a change in flight, so that a process whose
 * change blocks (a userfaultfd that never answers, a stuck file system)
 * stalls nobody else.
 */
struct nts_mm_lock {
	struct hlist_node node;
	struct mm_struct *mm;
	unsigned int users;
	struct mutex mutex;	/* the address space's placeholder changes */
};

#define NTS_MM_LOCK_BITS	6

static DEFINE_HASHTABLE(nts_mm_locks, NTS_MM_LOCK_BITS);
static DEFINE_SPINLOCK(nts_mm_locks_lock);

static void nts_mm_lock_put(struct nts_mm_lock *l)
{
	bool last;

	spin_lock(&nts_mm_locks_lock);
	last = !--l->users;
	if (last)
		hash_del(&l->node);
	spin_unlock(&nts_mm_locks_lock);
	if (last)
		kfree(l);
}

/**
 * nts_placeholder_lock() - serialise the module's placeholder changes
 * @mm: the address space (the caller holds a reference on it)
 *
 * Context: sleeps; killable.
 * Return: the lock, held; NULL when a fatal signal came first or there was
 * no memory for it.
 */
struct nts_mm_lock *nts_placeholder_lock(struct mm_struct *mm)
{
	struct nts_mm_lock *l, *fresh = NULL;

	for (;;) {
		spin_lock(&nts_mm_locks_lock);
		hash_for_each_possible(nts_mm_locks, l, node, (unsigned long)mm) {
			if (l->mm == mm) {
				l->users++;
				goto found;
			}
		}
		if (fresh) {
			l = fresh;
			fresh = NULL;
			l->users = 1;
			hash_add(nts_mm_locks, &l->node, (unsigned long)mm);
			goto found;
		}
		spin_unlock(&nts_mm_locks_lock);
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
		if (!fresh)
			return NULL;
		fresh->mm = mm;
		mutex_init(&fresh->mutex);
	}
found:
	spin_unlock(&nts_mm_locks_lock);
	kfree(fresh);
	if (mutex_lock_killable(&l->mutex)) {
		nts_mm_lock_put(l);
		return NULL;
	}
	return l;
}

/**
 * nts_placeholder_lock_read() - nts_placeholder_lock(), then the mmap lock
 *	for reading, to look at what a change is to replace
 * @mm: the address space (the caller holds a reference on it)
 *
 * Context: sleeps; killable.
 * Return: the lock, held, with mmap_read_lock(@mm) (drop that first); NULL
 * with neither when a fatal signal came first or there was no memory.
 */
struct nts_mm_lock *nts_placeholder_lock_read(struct mm_struct *mm)
{
	struct nts_mm_lock *l = nts_placeholder_lock(mm);

	if (l && mmap_read_lock_killable(mm)) {
		nts_placeholder_unlock(l);
		l = NULL;
	}
	return l;
}

/**
 * nts_placeholder_unlock() - let the next change in
 * @l: the lock nts_placeholder_lock() returned
 */
void nts_placeholder_unlock(struct nts_mm_lock *l)
{
	mutex_unlock(&l->mutex);
	nts_mm_lock_put(l);
}

static vm_fault_t nts_placeholder_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGSEGV;
}

static int nts_placeholder_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return nts_split_permitted(vma, addr) ? 0 : -EINVAL;
}

static int nts_placeholder_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct vm_operations_struct nts_placeholder_vm_ops = {
	.fault = nts_placeholder_fault,
	.may_split = nts_placeholder_may_split,
	.mremap = nts_placeholder_mremap,
};

/**
 * nts_vma_is_placeholder() - is @vma a placeholder?
 * @vma: the VMA (the caller holds the mmap lock)
 *
 * Return: true for a placeholder's VMA.
 */
bool nts_vma_is_placeholder(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &nts_placeholder_vm_ops;
}

/*
 * Only PROT_NONE at offset 0, made into a placeholder for good: a mapping
 * by anyone else (through /proc/PID/map_files, which needs privilege, or
 * remap_file_pages()) gets a placeholder too, or nothing.
 */
static int nts_placeholder_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff || (vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return -EACCES;
	vm_flags_clear(vma, VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC);
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &nts_placeholder_vm_ops;
	return 0;
}

static const struct file_operations nts_placeholder_fops = {
	.owner = THIS_MODULE,
	.mmap = nts_placeholder_mmap,
};

/* A new placeholder file: its own inode, the placeholder file operations. */
static struct file *nts_placeholder_file(void)
{
	struct file *file;

	if (!try_module_get(THIS_MODULE))
		return ERR_PTR(-ENODEV);
	file = nts_internal_file("ntsection-placeholder");
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		return file;
	}
	/* The file's last fput() puts the module reference taken above. */
	replace_fops(file, &nts_placeholder_fops);
	return file;
}

/*
 * Map a new placeholder of @len bytes at @addr with vm_mmap() @flags
 * (MAP_FIXED: over what is there; MAP_FIXED_NOREPLACE: only if free).
 */
static unsigned long nts_placeholder_map(unsigned long addr, unsigned long len,
					 unsigned long flags)
{
	struct file *file = nts_placeholder_file();

	if (IS_ERR(file))
		return PTR_ERR(file);
	addr = vm_mmap(file, addr, len, PROT_NONE, MAP_SHARED | flags, 0);
	fput(file);
	return addr;
}

/* The placeholder VMA that contains @addr, or NULL. The caller holds mmap_lock. */
static struct vm_area_struct *nts_placeholder_at(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);

	return vma && nts_vma_is_placeholder(vma) ? vma : NULL;
}

/*
 * Place @len bytes of @file (NULL: anonymous private memory) at @base, or,
 * when @base is 0, at the lowest (MEM_TOP_DOWN: highest) address @ext
 * allows, on its alignment (the allocation granularity by default).
 */
static unsigned long nts_place(struct file *file, u64 base, u64 len, bool top_down,
			       const struct nts_ext *ext)
{
	unsigned long flags = file ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	unsigned long align = ext->align ?: NTS_GRANULARITY;
	struct mm_struct *mm = current->mm;
	u64 low = max_t(u64, ext->low, NTS_GRANULARITY);
	u64 high = ext->high ? ext->high + 1 : TASK_SIZE;
	unsigned long addr;
	int tries;

	if (base)
		return vm_mmap(file, base, len, PROT_NONE, flags | MAP_FIXED_NOREPLACE, 0);
	if (top_down && !ext->high)
		high = min_t(u64, high, mm->mmap_base);
	for (tries = 0; tries < 16; tries++) {
		if (mmap_read_lock_killable(mm))
			return -EINTR;
		/* Without limits, where mmap() would put it (top-down), on the alignment. */
		if (!ext->low && !ext->high)
			addr = nts_aligned_area(len, align, 0, 0);
		else
			addr = nts_find_gap(mm, len, align, low, high, top_down);
		mmap_read_unlock(mm);
		if (IS_ERR_VALUE(addr))
			return addr;
		addr = vm_mmap(file, addr, len, PROT_NONE, flags | MAP_FIXED_NOREPLACE, 0);
		/* Someone took the gap between the search and the mapping. */
		if (addr != (unsigned long)-EEXIST)
			return addr;
	}
	return -ENOMEM;
}

static u32 nts_place_status(unsigned long addr)
{
	if (addr == (unsigned long)-EEXIST)
		return NT_STATUS_CONFLICTING_ADDRESSES;
	return nts_errno_to_status((long)addr, NT_STATUS_NO_MEMORY);
}

/**
 * nts_placeholder_allocate() - the kernel's part of NtAllocateVirtualMemoryEx
 * @base: in/out: *BaseAddress
 * @size: in/out: *RegionSize
 * @type: AllocationType, checked by nts_allocate_ex_check()
 * @ext: the extended parameters, decoded
 * @result: out: NTSECTION_ALLOC_*, what was done
 *
 * In the current process. MEM_RESERVE | MEM_RESERVE_PLACEHOLDER reserves a
 * placeholder: at *BaseAddress rounded down to 64 KiB, or where @ext allows.
 * MEM_RESERVE | MEM_REPLACE_PLACEHOLDER replaces the placeholder at
 * *BaseAddress (rounded down to a page), whose size must be the request's,
 * with reserved private memory. A MEM_RESERVE with address requirements,
 * or with MEM_LARGE_PAGES (on a large page), reserves private memory where
 * they allow. The caller's library records
 * the private memory and commits what was asked. Everything else is left
 * to the library (@result NTSECTION_ALLOC_NOTHING), except a MEM_COMMIT in
 * a placeholder: CONFLICTING_ADDRESSES.
 *
 * Return: an NTSTATUS. CONFLICTING_ADDRESSES for a taken fixed range or a
 * placeholder of another size; INVALID_PARAMETER for a replacement where
 * there is no placeholder.
 */
u32 nts_placeholder_allocate(u64 *base, u64 *size, u32 type, const struct nts_ext *ext,
			     u32 *result)
{
	bool replace = type & NT_MEM_REPLACE_PLACEHOLDER;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct nts_mm_lock *lock;
	unsigned long addr;
	u64 start, end;
	u32 status;

	*result = NTSECTION_ALLOC_NOTHING;
	if (!mm)
		return NT_STATUS_INVALID_HANDLE;
	if (*base >= TASK_SIZE || *size > TASK_SIZE - *base)
		return NT_STATUS_INVALID_PARAMETER;
	if (*base) {
		start = ALIGN_DOWN(*base, (type & NT_MEM_RESERVE) && !replace ?
				   NTS_GRANULARITY : PAGE_SIZE);
		end = PAGE_ALIGN(*base + *size);
		if (start < NTS_GRANULARITY)
			return NT_STATUS_INVALID_PARAMETER;
	} else {
		start = 0;
		end = PAGE_ALIGN(*size);
		if (!end)
			return NT_STATUS_INVALID_PARAMETER;
	}

	if (!(type & NT_MEM_RESERVE)) {
		/* A commit (or reset) in a placeholder: nothing to commit. */
		if (!start)
			return NT_STATUS_SUCCESS;
		if (mmap_read_lock_killable(mm))
			return NT_STATUS_UNSUCCESSFUL;
		vma = nts_placeholder_at(mm, start);
		mmap_read_unlock(mm);
		return vma ? NT_STATUS_CONFLICTING_ADDRESSES : NT_STATUS_SUCCESS;
	}
	if (!(type & (NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER |
		      NT_MEM_LARGE_PAGES)) &&
	    !ext->low && !ext->high && !ext->align)
		return NT_STATUS_SUCCESS;

	lock = nts_placeholder_lock(mm);
	if (!lock)
		return NT_STATUS_UNSUCCESSFUL;
	if (replace) {
		status = nts_placeholder_take(start, end - start);
		if (!status) {
			addr = vm_mmap(NULL, start, end - start, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, 0);
			if (IS_ERR_VALUE(addr)) {
				status = nts_place_status(addr);
				nts_placeholder_restore(start, end - start);
			}
		}
		*result = NTSECTION_ALLOC_REPLACED;
	} else {
		struct nts_ext place = *ext;
		struct file *file = NULL;

		if (type & NT_MEM_RESERVE_PLACEHOLDER) {
			file = nts_placeholder_file();
			if (IS_ERR(file)) {
				nts_placeholder_unlock(lock);
				return nts_errno_to_status(PTR_ERR(file), NT_STATUS_NO_MEMORY);
			}
		}
		/* MEM_LARGE_PAGES: on a large page (checked for a fixed base). */
		if ((type & NT_MEM_LARGE_PAGES) && place.align < NTS_LARGE_PAGE_SIZE)
			place.align = NTS_LARGE_PAGE_SIZE;
		addr = nts_place(file, start, end - start, type & NT_MEM_TOP_DOWN, &place);
		if (file)
			fput(file);
		status = IS_ERR_VALUE(addr) ? nts_place_status(addr) : NT_STATUS_SUCCESS;
		if (!status) {
			end = addr + (end - start);
			start = addr;
		}
		*result = file ? NTSECTION_ALLOC_PLACEHOLDER : NTSECTION_ALLOC_PRIVATE;
	}
	nts_placeholder_unlock(lock);
	if (status) {
		*result = NTSECTION_ALLOC_NOTHING;
		return status;
	}
	*size = end - start;
	*base = start;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_placeholder_take() - is [@start, @start + @len) exactly one placeholder?
 * @start: the start, page-aligned
 * @len: the length, page-aligned
 *
 * For a replacement (MEM_REPLACE_PLACEHOLDER) in the current process; the
 * caller holds nts_placeholder_lock() until it has mapped over it.
 *
 * Return: NT_STATUS_SUCCESS; INVALID_PARAMETER when @start is in no
 * placeholder (Wine); CONFLICTING_ADDRESSES when the placeholder there
 * starts elsewhere or has another size.
 */
u32 nts_placeholder_take(u64 start, u64 len)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	u32 status = NT_STATUS_INVALID_PARAMETER;

	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	vma = nts_placeholder_at(mm, start);
	if (vma)
		status = vma->vm_start == start && vma->vm_end - vma->vm_start == len ?
			 NT_STATUS_SUCCESS : NT_STATUS_CONFLICTING_ADDRESSES;
	mmap_read_unlock(mm);
	return status;
}

/**
 * nts_placeholder_restore() - put a placeholder back where a failed
 *	replacement left a hole
 * @start: the start
 * @len: the length
 *
 * A kernel that leaves the old mappings unmapped when a MAP_FIXED mapping
 * fails (6.1) would otherwise free the placeholder. Only if the range is
 * free.
 */
void nts_placeholder_restore(u64 start, u64 len)
{
	nts_placeholder_map(start, len, MAP_FIXED_NOREPLACE);
}

/**
 * nts_placeholder_put() - make [@start, @start + @len) a placeholder
 * @start: the start, page-aligned
 * @len: the length, page-aligned
 *
 * Maps one placeholder over whatever is there (a view, private memory,
 * placeholders to coalesce), atomically. The caller holds
 * nts_placeholder_lock() and has checked what the range holds.
 *
 * Return: NT_STATUS_SUCCESS or the failure.
 */
u32 nts_placeholder_put(u64 start, u64 len)
{
	unsigned long addr = nts_placeholder_map(start, len, MAP_FIXED);

	return IS_ERR_VALUE(addr) ? nts_place_status(addr) : NT_STATUS_SUCCESS;
}

/*
 * RELEASE | COALESCE_PLACEHOLDERS: [start, end) must be exactly two or more
 * adjacent placeholders, the first starting at @start. mmap_lock held.
 */
static u32 nts_coalesce_check(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;
	unsigned long at = start;
	int n = 0;

	VMA_ITERATOR(vmi, mm, start);

	for_each_vma_range(vmi, vma, end) {
		if (vma->vm_start != at || !nts_vma_is_placeholder(vma) || vma->vm_end > end)
			return NT_STATUS_CONFLICTING_ADDRESSES;
		at = vma->vm_end;
		n++;
	}
	return at == end && n >= 2 ? NT_STATUS_SUCCESS : NT_STATUS_CONFLICTING_ADDRESSES;
}

/* RELEASE | PRESERVE_PLACEHOLDER: [start, end) of @vma becomes its own. */
static u32 nts_placeholder_split(unsigned long ps, unsigned long pe, unsigned long start,
				 unsigned long end)
{
	u32 status;

	status = nts_permit_set(start, end);
	if (status)
		return status;
	/* From the right: each new piece's neighbours are of other files. */
	if (end < pe)
		status = nts_placeholder_put(end, pe - end);
	if (!status)
		status = nts_placeholder_put(start, end - start);
	nts_permit_set(0, 0);
	return status;
}

/*
 * MEM_RELEASE of [start, end) of the placeholder [ps, pe): what is left on
 * either side stays a placeholder (Wine's tests release part of one).
 */
static u32 nts_placeholder_release(unsigned long ps, unsigned long pe, unsigned long start,
				   unsigned long end)
{
	u32 status = NT_STATUS_SUCCESS;

	if (start == ps && end == pe)
		return vm_munmap(start, end - start) ? NT_STATUS_UNSUCCESSFUL : NT_STATUS_SUCCESS;
	status = nts_permit_set(start, end);
	if (status)
		return status;
	/* The right part a file of its own, as a split leaves it; then the hole. */
	if (end < pe)
		status = nts_placeholder_put(end, pe - end);
	if (!status && vm_munmap(start, end - start))
		status = NT_STATUS_UNSUCCESSFUL;
	nts_permit_set(0, 0);
	return status;
}

/**
 * nts_placeholder_free() - NtFreeVirtualMemory on a placeholder
 * @base: in/out: *BaseAddress
 * @size: in/out: *RegionSize
 * @type: FreeType, checked by nts_free_check_type()
 *
 * In the current process, SPEC §12 and Wine's tests:
 *
 * - MEM_RELEASE frees the range, page granular, inside one placeholder;
 *   what is left on either side stays a placeholder (size 0: the whole
 *   placeholder, from its start, else FREE_VM_NOT_AT_BASE). A range past
 *   the placeholder's end (several placeholders included):
 *   UNABLE_TO_FREE_VM.
 * - MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER splits the range off as a
 *   placeholder of its own (page granular): INVALID_PARAMETER_3 for size 0,
 *   CONFLICTING_ADDRESSES for the whole placeholder, UNABLE_TO_FREE_VM past
 *   its end.
 * - MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS makes one placeholder of the
 *   range, which must be exactly two or more adjacent placeholders:
 *   INVALID_PARAMETER_3 for size 0, else CONFLICTING_ADDRESSES.
 * - MEM_DECOMMIT: nothing is committed in a placeholder: SUCCESS.
 *
 * Return: an NTSTATUS; NT_STATUS_NOT_MAPPED_VIEW when *BaseAddress is in no
 * placeholder (the caller goes on to views and private memory).
 */
u32 nts_placeholder_free(u64 *base, u64 *size, u32 type)
{
	struct mm_struct *mm = current->mm;
	unsigned long start, end, ps, pe;
	struct vm_area_struct *vma;
	struct nts_mm_lock *lock;
	u32 status;

	if (!mm || *base >= TASK_SIZE || *size > TASK_SIZE - *base)
		return NT_STATUS_NOT_MAPPED_VIEW;
	start = ALIGN_DOWN(*base, PAGE_SIZE);
	end = *size ? PAGE_ALIGN(*base + *size) : 0;

	lock = nts_placeholder_lock_read(mm);
	if (!lock)
		return NT_STATUS_UNSUCCESSFUL;
	vma = nts_placeholder_at(mm, start);
	if (!vma) {
		status = NT_STATUS_NOT_MAPPED_VIEW;
		goto unlock;
	}
	ps = vma->vm_start;
	pe = vma->vm_end;
	if (!*size && start != ps) {
		status = NT_STATUS_FREE_VM_NOT_AT_BASE;
		goto unlock;
	}
	if (!(type & NT_MEM_COALESCE_PLACEHOLDERS) && end > pe) {
		status = NT_STATUS_UNABLE_TO_FREE_VM;
		goto unlock;
	}
	switch (type) {
	case NT_MEM_DECOMMIT:
		status = NT_STATUS_SUCCESS;
		end = end ?: pe;
		break;
	case NT_MEM_RELEASE:
		/* Size 0 is the whole placeholder from its start (checked above). */
		end = end ?: pe;
		status = NT_STATUS_SUCCESS;
		break;
	case NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER:
		status = !end ? NT_STATUS_INVALID_PARAMETER_3 :
			 start == ps && end == pe ? NT_STATUS_CONFLICTING_ADDRESSES :
			 NT_STATUS_SUCCESS;
		break;
	default:	/* NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS */
		status = !end ? NT_STATUS_INVALID_PARAMETER_3 :
			 start != ps ? NT_STATUS_CONFLICTING_ADDRESSES :
			 nts_coalesce_check(mm, start, end);
		break;
	}
	mmap_read_unlock(mm);
	if (!status) {
		if (type == NT_MEM_RELEASE)
			status = nts_placeholder_release(ps, pe, start, end);
		else if (type & NT_MEM_PRESERVE_PLACEHOLDER)
			status = nts_placeholder_split(ps, pe, start, end);
		else if (type & NT_MEM_COALESCE_PLACEHOLDERS)
			status = nts_placeholder_put(start, end - start);
	}
	nts_placeholder_unlock(lock);
	if (!status) {
		*base = start;
		*size = end - start;
	}
	return status;
unlock:
	mmap_read_unlock(mm);
	nts_placeholder_unlock(lock);
	return status;
}

/**
 * nts_placeholder_from_private() - private memory that replaced a
 *	placeholder becomes one again (MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER)
 * @base: the allocation's start, page-aligned
 * @size: its size, page-aligned
 *
 * The caller's libntsection knows the allocation; the kernel checks only
 * that the range holds private anonymous memory and nothing else (no view,
 * no placeholder, no file), as a mapping the caller could have replaced
 * with mmap(MAP_FIXED) itself.
 *
 * Return: NT_STATUS_SUCCESS; CONFLICTING_ADDRESSES when the range holds
 * anything else or a hole.
 */
u32 nts_placeholder_from_private(u64 base, u64 size)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct nts_mm_lock *lock;
	u64 at = base, end;
	u32 status = NT_STATUS_SUCCESS;

	if (!mm || !size || !PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) ||
	    base >= TASK_SIZE || size > TASK_SIZE - base)
		return NT_STATUS_CONFLICTING_ADDRESSES;
	end = base + size;
	lock = nts_placeholder_lock_read(mm);
	if (!lock)
		return NT_STATUS_UNSUCCESSFUL;
	{
		VMA_ITERATOR(vmi, mm, base);

		for_each_vma_range(vmi, vma, end) {
			/*
			 * Not over memory a userfaultfd watches: its unmap
			 * event would hold this change until the monitor reads.
			 */
			if (vma->vm_start > at || !vma_is_anonymous(vma) ||
			    (vma->vm_flags & (VM_SHARED | VM_SPECIAL | VM_GROWSDOWN)) ||
			    userfaultfd_armed(vma)) {
				status = NT_STATUS_CONFLICTING_ADDRESSES;
				break;
			}
			at = vma->vm_end;
		}
	}
	if (!status && at < end)
		status = NT_STATUS_CONFLICTING_ADDRESSES;
	mmap_read_unlock(mm);
	if (!status)
		status = nts_placeholder_put(base, size);
	nts_placeholder_unlock(lock);
	return status;
}

/**
 * nts_placeholder_describe() - MemoryBasicInformation of a placeholder
 * @vma: the placeholder's VMA (mmap_lock held)
 * @addr: the page asked about
 * @info: out: the answer
 *
 * One region, reserved private memory with no access (Wine's tests).
 */
void nts_placeholder_describe(const struct vm_area_struct *vma, unsigned long addr,
			      struct ntsection_vm_info *info)
{
	info->base_address = addr;
	info->allocation_base = vma->vm_start;
	info->allocation_protect = NT_PAGE_NOACCESS;
	info->region_size = vma->vm_end - addr;
	info->state = NT_MEM_RESERVE;
	info->protect = 0;
	info->type = NT_MEM_PRIVATE;
}

/**
 * nts_placeholder_query() - NtQueryVirtualMemory(MemoryBasicInformation) of
 *	a placeholder
 * @mm: the address space
 * @info: in: @info->address; out: the answer
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_NOT_MAPPED_VIEW when the address
 * is in no placeholder.
 */
u32 nts_placeholder_query(struct mm_struct *mm, struct ntsection_vm_info *info)
{
	unsigned long addr = ALIGN_DOWN(info->address, PAGE_SIZE);
	struct vm_area_struct *vma;
	u32 status = NT_STATUS_NOT_MAPPED_VIEW;

	if (!mm || info->address >= TASK_SIZE)
		return status;
	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	vma = vma_lookup(mm, addr);
	if (vma && nts_vma_is_placeholder(vma)) {
		nts_placeholder_describe(vma, addr, info);
		status = NT_STATUS_SUCCESS;
	}
	mmap_read_unlock(mm);
	return status;
}
