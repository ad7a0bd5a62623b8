// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: views (SPEC §3, §5, §6, §7).
 *
 * A view is a VMA whose vm_file is a file of the module's own, the view
 * file: it shares the backing file's inode and page cache (so reverse
 * mapping, truncation, reclaim, swap and migration see an ordinary shared
 * file mapping), and carries the view's file operations, so every mapping
 * of it, NtMapViewOfSection's or core code's own (remap_file_pages()),
 * comes back through nts_view_attach(). That calls the backing file's mmap
 * and wraps the vm_operations it installed (the way SysV shm does) to add
 * what NT needs: view bookkeeping, atomic views (no split, no mremap),
 * SEC_RESERVE pages that fault until committed, one-shot guard pages, and
 * protections capped by clearing VM_MAY* bits. NtMapViewOfSection maps the
 * view file with vm_mmap(), so every check the kernel makes on mapping a
 * file (seals, append-only, noexec, LSMs, swap files) is made on it.
 *
 * View files are shared: views of one section with the same protection,
 * inheritance and range map the same view file, kept in a small cache on the
 * section while it has handles, so that mapping a view costs a VMA and no
 * file, and a VMA needs memory of the module's own only for guard pages or
 * a dead fork copy.
 *
 * The fault path takes no lock of the module's: it reads the commit state
 * locklessly and forwards to the backing file's handlers.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/huge_mm.h>
#include <linux/magic.h>
#include <uapi/linux/fcntl.h>

#include "image.h"
#include "internal.h"
#include "trace.h"
#include "validate.h"

/**
 * struct nts_view - a view file's rules: what the file carries in private_data
 * @section: the section (one reference, dropped with the view file)
 * @file: the view file (no reference: it carries this structure)
 * @real_fops: file-backed views: the file operations the file was opened
 *	with (its ->release still runs); NULL for pagefile views
 * @backing_ops: the vm_operations the backing file's mmap installs, the same
 *	for every VMA of the file; set by the first mapping
 * @protect: the views' protection (PAGE_*, modifiers included)
 * @cap: the most mprotect() may give them: @protect, or for a region of an
 *	image view the image's (EXECUTE_WRITECOPY, SPEC §10.3)
 * @inherit: ViewShare or ViewUnmap
 * @pgoff: the views' first page in the section
 * @pages: their length in pages
 * @per_page: the views' pages are not all alike: SEC_RESERVE commit state
 *	or guard pages decide page by page, so no fault may map more than the
 *	faulting page's run (no PMD-mapped folio, no fault-around past it)
 * @cache: link in the section's view_cache (empty when not cached), under
 *	the section's view_lock
 * @commits: in-flight NtMapViewOfSection calls with a CommitSize (struct
 *	nts_commit_req), under the section's view_lock
 * @owner: ViewUnmap views: the one mm whose VMAs may map this file (held
 *	with mmgrab()), so that a fork child's dead copy cannot be mapped
 *	again (remap_file_pages()); NULL for ViewShare
 * @name_file: regions of an image: the file of the SEC_IMAGE section that
 *	mapped them (a reference), which MemoryMappedFilenameInformation
 *	names; NULL for data views
 * @placeholder: the views replaced a placeholder (MEM_REPLACE_PLACEHOLDER):
 *	NtUnmapViewOfSectionEx(MEM_PRESERVE_PLACEHOLDER) may make them one again
 * @tail: views of a file mapped with MEM_RESERVE (Windows' extendable
 *	views): NTS_TAIL_RESERVED, their pages past the section's and the
 *	file's end are reserved (SIGSEGV, MEM_RESERVE) until either grows;
 *	NTS_TAIL_EXTEND too, a commit there grows the section (mapped through a
 *	handle with SECTION_EXTEND_SIZE, or by a kernel caller); else 0
 *
 * Every VMA of a view maps a view file, a file of the module's own that
 * shares the backing inode and page cache: core code that maps vm_file
 * again (remap_file_pages(), a fork) comes back through nts_view_file_mmap()
 * and gets the same rules again, never the backing file's. Views with equal
 * rules share one view file.
 */
struct nts_view {
	struct nts_section *section;
	struct file *file;
	const struct file_operations *real_fops;
	const struct vm_operations_struct *backing_ops;
	u32 protect;
	u32 cap;
	u32 inherit;
	pgoff_t pgoff;
	pgoff_t pages;
	bool per_page;
	bool placeholder;
	struct mm_struct *owner;
	struct file *name_file;
	unsigned int tail;
	struct list_head cache;
	struct list_head commits;
};

#define NTS_TAIL_RESERVED	1
#define NTS_TAIL_EXTEND		2

/*
 * The pages of its section's file an extendable view may touch: up to the
 * section's end. A view mapped with the right to grow the section
 * (NTS_TAIL_EXTEND) also reaches the file's end, whichever is further: its
 * tail becomes data as either grows (NtExtendSection, a commit there,
 * write() or ftruncate()), and the handle could have extended the section
 * over the file anyway. Without that right the file's bytes past the
 * section's MaximumSize stay out of reach.
 */
static pgoff_t nts_view_data_pages(const struct nts_view *view)
{
	const struct nts_section *sec = view->section;
	u64 size = READ_ONCE(sec->size);

	if (view->tail & NTS_TAIL_EXTEND)
		size = max_t(u64, size, i_size_read(file_inode(sec->backing)));
	return DIV_ROUND_UP(size, PAGE_SIZE);
}

/**
 * struct nts_vma - per-VMA state of a view, for the VMAs that need any
 * @view: the view file's rules
 * @guard: PAGE_GUARD views: one bit per page, set once its guard fired;
 *	a fork child, and each part of a split VMA, gets a copy of its own
 * @guard_pgoff: the section page of @guard's bit 0
 * @guard_bits: how many bits @guard has
 * @dead: a ViewUnmap view that MADV_DOFORK pushed into a fork child: it is
 *	never accessible there (SPEC §5: the child does not get the view)
 *
 * A VMA's vm_private_data is its struct nts_view, or, tagged with
 * NTS_VMA_EXT, its struct nts_vma.
 */
struct nts_vma {
	struct nts_view *view;
	unsigned long *guard;
	pgoff_t guard_pgoff;
	pgoff_t guard_bits;
	bool dead;
};

#define NTS_VMA_EXT	1UL

/**
 * struct nts_commit_req - a CommitSize waiting for its view's mapping
 * @link: in the view's commits
 * @task: the mapping task: only its own ->mmap takes the request
 * @pages: pages to commit from the view's start; 0 once taken
 */
struct nts_commit_req {
	struct list_head link;
	struct task_struct *task;
	unsigned long pages;
};

/* How many view files a section keeps for views to come. */
#define NTS_VIEW_CACHE_MAX	8
/* An image object's: its regions' views, shared and not, for every mapper. */
#define NTS_IMAGE_VIEW_CACHE_MAX	64

static struct nts_view *nts_vma_view(const struct vm_area_struct *vma)
{
	unsigned long p = (unsigned long)vma->vm_private_data;

	if (p & NTS_VMA_EXT)
		return ((struct nts_vma *)(p & ~NTS_VMA_EXT))->view;
	return (struct nts_view *)p;
}

static struct nts_vma *nts_vma_ext(const struct vm_area_struct *vma)
{
	unsigned long p = (unsigned long)vma->vm_private_data;

	return p & NTS_VMA_EXT ? (struct nts_vma *)(p & ~NTS_VMA_EXT) : NULL;
}

static void nts_vma_set(struct vm_area_struct *vma, struct nts_view *view, struct nts_vma *ext)
{
	vma->vm_private_data = ext ? (void *)((unsigned long)ext | NTS_VMA_EXT) : view;
}

static const struct vm_operations_struct nts_view_vm_ops;
static const struct vm_operations_struct nts_view_mkwrite_vm_ops;
/* What a VMA keeps when the backing file's mapping was refused. */
static const struct vm_operations_struct nts_refused_vm_ops;
static const struct file_operations nts_view_fops;

static bool nts_is_view(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &nts_view_vm_ops || vma->vm_ops == &nts_view_mkwrite_vm_ops;
}

/* A live view's VMA (not a ViewUnmap copy pushed into a fork child). */
static bool nts_vma_is_live_view(const struct vm_area_struct *vma)
{
	return nts_is_view(vma) && !(nts_vma_ext(vma) && nts_vma_ext(vma)->dead);
}

/* The section page a view of @view's VMAs starts at: an image's header. */
static pgoff_t nts_view_origin(const struct nts_view *view)
{
	return view->section->image_self ? 0 : view->pgoff;
}

/*
 * Where the view @vma is a piece of starts: a view is one VMA, or several
 * (an image's regions, the parts NtProtectVirtualMemory split it into).
 */
static unsigned long nts_vma_view_start(const struct vm_area_struct *vma)
{
	return vma->vm_start -
	       ((vma->vm_pgoff - nts_view_origin(nts_vma_view(vma))) << PAGE_SHIFT);
}

/* The most a view of @view's can span: its range, or its image's size. */
static u64 nts_view_span(const struct nts_view *view)
{
	return view->section->image_self ? view->section->size : (u64)view->pages << PAGE_SHIFT;
}

/*
 * Is @vma a piece of the view that starts at @start and whose VMAs are of
 * @ref's view file (for an image, of any of its regions' files)?
 */
static bool nts_vma_in_view(const struct vm_area_struct *vma, const struct nts_view *ref,
			    unsigned long start)
{
	const struct nts_view *v;

	if (!nts_vma_is_live_view(vma))
		return false;
	v = nts_vma_view(vma);
	return v->section == ref->section && (ref->section->image_self || v == ref) &&
	       nts_vma_view_start(vma) == start;
}

static unsigned long *nts_guard_alloc(pgoff_t pages)
{
	/* A huge guard view may want more than kvmalloc() gives: no warning, a failure. */
	return kvcalloc(BITS_TO_LONGS(pages), sizeof(unsigned long),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
}

/*
 * A VMA copied into another mm (fork) or inside this one (mremap's copy,
 * which ->mremap then refuses): guard state is per process, so a guard VMA
 * gets a copy of its own, and ViewUnmap views never reach a child.
 */
static void nts_view_open(struct vm_area_struct *vma)
{
	struct nts_vma *old = nts_vma_ext(vma), *nvma = NULL;
	struct nts_view *view = nts_vma_view(vma);
	bool dead = vma->vm_mm != current->mm && view->inherit == NT_VIEW_UNMAP;

	if (old || dead) {
		nvma = kzalloc(sizeof(*nvma), GFP_KERNEL_ACCOUNT | __GFP_NOFAIL);
		nvma->view = view;
		nvma->dead = dead || (old && old->dead);
		if (old && old->guard) {
			/* Out of memory: the copy has no guard pages left. */
			nvma->guard = nts_guard_alloc(old->guard_bits);
			if (nvma->guard)
				bitmap_copy(nvma->guard, old->guard, old->guard_bits);
			nvma->guard_pgoff = old->guard_pgoff;
			nvma->guard_bits = old->guard_bits;
		}
	}
	if (dead) {
		/* MADV_DOFORK cleared VM_DONTCOPY: no page of it in the child. */
		vm_flags_set(vma, VM_WIPEONFORK);
	}
	nts_vma_set(vma, view, nvma);
	atomic_inc(&view->section->views);
	if (view->backing_ops->open)
		view->backing_ops->open(vma);
}

static void nts_view_close(struct vm_area_struct *vma)
{
	struct nts_vma *nvma = nts_vma_ext(vma);
	struct nts_view *view = nts_vma_view(vma);

	if (view->backing_ops->close)
		view->backing_ops->close(vma);
	/* An image's last view lets its cached view files go (no handle left). */
	if (atomic_dec_and_test(&view->section->views) && view->section->image_self)
		nts_view_cache_drop(view->section);
	if (nvma) {
		kvfree(nvma->guard);
		kfree(nvma);
	}
}

/**
 * struct nts_split_permit - NtProtectVirtualMemory on part of a view
 * @link: in nts_permits
 * @task: the task whose mprotect() may split the view (compared, never
 *	dereferenced; with @pid, so that a task that exits and whose memory
 *	is reused is not taken for it)
 * @pid: its pid
 * @mm: its address space
 * @start: the range's start: a split there is allowed
 * @end: the range's end: a split there too
 * @expires: jiffies after which the permit is gone
 *
 * The kernel's mprotect() is what changes a VMA's protection, and it is
 * not exported: NtProtectVirtualMemory on a page range of a view asks the
 * module (nts_view_permit_split()), which checks that the range is inside
 * one view and lets that task's next mprotect() split the view's VMAs at
 * the range's two ends, nowhere else. The view stays one NT object
 * whatever VMAs implement it (unmap by any address removes all of them).
 */
struct nts_split_permit {
	struct list_head link;
	struct task_struct *task;
	pid_t pid;
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
	unsigned long expires;
};

static LIST_HEAD(nts_permits);
static DEFINE_SPINLOCK(nts_permit_lock);

/**
 * nts_split_permitted() - may the current task split @vma at @addr?
 * @vma: the VMA
 * @addr: where
 *
 * Return: true when a permit of the task's allows it (struct nts_split_permit).
 */
bool nts_split_permitted(struct vm_area_struct *vma, unsigned long addr)
{
	struct nts_split_permit *p;
	bool ok = false;

	if (list_empty(&nts_permits))
		return false;
	spin_lock(&nts_permit_lock);
	list_for_each_entry(p, &nts_permits, link) {
		if (p->task == current && p->pid == current->pid && p->mm == vma->vm_mm &&
		    time_before(jiffies, p->expires) && (addr == p->start || addr == p->end)) {
			ok = true;
			break;
		}
	}
	spin_unlock(&nts_permit_lock);
	return ok;
}

/*
 * A view is atomic: no partial munmap(), mprotect() or mlock() (SPEC §5),
 * except NtProtectVirtualMemory's own mprotect() (struct nts_split_permit).
 */
static int nts_view_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return nts_split_permitted(vma, addr) ? 0 : -EINVAL;
}

static int nts_view_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

/* Could a fault at @addr map a whole PMD of @vma? */
static bool nts_vma_pmd_suitable(const struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long haddr = addr & PMD_MASK;

	return IS_ALIGNED((vma->vm_start >> PAGE_SHIFT) - vma->vm_pgoff, PMD_SIZE >> PAGE_SHIFT) &&
	       haddr >= vma->vm_start && haddr + PMD_SIZE <= vma->vm_end;
}

/* A fault the view's rules refuse: SIGSEGV, and its trace event. */
static vm_fault_t nts_fault_refused(struct vm_fault *vmf, const struct nts_view *view,
				    u32 reason)
{
	trace_ntsection_fault(view->section->id, vmf->address, vmf->pgoff, reason);
	return VM_FAULT_SIGSEGV;
}

static vm_fault_t nts_view_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct nts_vma *nvma = nts_vma_ext(vma);
	struct nts_view *view = nts_vma_view(vma);
	vm_fault_t ret;

	if (unlikely(nvma)) {
		if (nvma->dead)
			return nts_fault_refused(vmf, view, NTS_FAULT_DEAD);
		if (nvma->guard &&
		    !test_and_set_bit(vmf->pgoff - nvma->guard_pgoff, nvma->guard))
			/* STATUS_GUARD_PAGE_VIOLATION, once */
			return nts_fault_refused(vmf, view, NTS_FAULT_GUARD);
	}
	if (!nts_section_committed(view->section, vmf->pgoff))
		/* reserved, not committed (SPEC §6) */
		return nts_fault_refused(vmf, view, NTS_FAULT_RESERVED);
	/* An extendable view's tail: reserved, not past the end (SIGBUS). */
	if (unlikely(view->tail) && vmf->pgoff >= nts_view_data_pages(view))
		return nts_fault_refused(vmf, view, NTS_FAULT_TAIL);
	ret = view->backing_ops->fault(vmf);
	/*
	 * No page to be had (memory.max reached, see nts_section_backing()):
	 * SIGBUS for the toucher. VM_FAULT_OOM would only retry the fault.
	 */
	if (unlikely(ret & VM_FAULT_OOM))
		ret = (ret & ~VM_FAULT_OOM) | VM_FAULT_SIGBUS;
	/*
	 * A PMD-sized folio would be mapped whole, past pages whose commit or
	 * guard state says no. Pagefile sections live on a tmpfs of ours with
	 * huge=never (huge folios only with shmem_enabled=force, a testing
	 * setting): fail closed rather than map them.
	 */
	if (unlikely(view->per_page && !(ret & VM_FAULT_ERROR) && vmf->page &&
		     folio_test_pmd_mappable(page_folio(vmf->page)) &&
		     nts_vma_pmd_suitable(vma, vmf->address))) {
		if (ret & VM_FAULT_LOCKED)
			unlock_page(vmf->page);
		put_page(vmf->page);
		vmf->page = NULL;
		pr_warn_once("a huge folio in a view with per-page rules: refused\n");
		return VM_FAULT_SIGBUS;
	}
	return ret;
}

/*
 * Fault-around maps pages already in the page cache without ->fault: only
 * over the run of committed pages around the faulting one, never in a
 * guard view (whose pages must each fault once) or a dead copy. Returning
 * 0 maps nothing and lets ->fault decide.
 */
static vm_fault_t nts_view_map_pages(struct vm_fault *vmf, pgoff_t start, pgoff_t end)
{
	struct nts_view *view = nts_vma_view(vmf->vma);
	struct nts_section *sec = view->section;

	/* Guard VMAs and dead copies are the ones with per-VMA state. */
	if (nts_vma_ext(vmf->vma) || !view->backing_ops->map_pages)
		return 0;
	if (view->per_page) {
		pgoff_t first = vmf->pgoff, last = vmf->pgoff;

		if (!nts_section_committed(sec, vmf->pgoff))
			return 0;
		while (first > start && nts_section_committed(sec, first - 1))
			first--;
		while (last < end && nts_section_committed(sec, last + 1))
			last++;
		start = first;
		end = last;
	}
	/* An extendable view: never past the data its tail rule allows. */
	if (view->tail) {
		pgoff_t data = nts_view_data_pages(view);

		if (vmf->pgoff >= data)
			return 0;
		end = min(end, data - 1);
	}
	return view->backing_ops->map_pages(vmf, start, end);
}

static vm_fault_t nts_view_page_mkwrite(struct vm_fault *vmf)
{
	return nts_vma_view(vmf->vma)->backing_ops->page_mkwrite(vmf);
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
	bool x = vma->vm_flags & VM_EXEC, shared = vma->vm_flags & VM_MAYSHARE;

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

/* Does a view of this protection write to the section (a shared write)? */
static bool nts_protect_writes_shared(u32 protect)
{
	u32 base = protect & NTS_PAGE_BASE_MASK;

	return base == NT_PAGE_READWRITE || base == NT_PAGE_EXECUTE_READWRITE;
}

static bool nts_protect_is_cow(u32 protect)
{
	u32 base = protect & NTS_PAGE_BASE_MASK;

	return base == NT_PAGE_WRITECOPY || base == NT_PAGE_EXECUTE_WRITECOPY;
}

/*
 * The memfd write seals of a tmpfs backing file. Core code checks them on
 * the view file too (its mapping is the backing's); this holds on every
 * kernel, for every way a view is mapped.
 */
static int nts_check_seals(struct vm_area_struct *vma, struct nts_section *sec,
			   vm_flags_t *forbidden)
{
	struct inode *inode = file_inode(sec->backing);

	if (!sec->file_backed || inode->i_sb->s_magic != TMPFS_MAGIC ||
	    !(vma->vm_flags & VM_MAYSHARE) ||
	    !(SHMEM_I(inode)->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		return 0;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	*forbidden |= VM_MAYWRITE;
	return 0;
}

/* The CommitSize this task's NtMapViewOfSection left for this mapping, once. */
static unsigned long nts_view_take_commit(struct nts_view *view)
{
	struct nts_section *sec = view->section;
	struct nts_commit_req *req;
	unsigned long pages = 0;

	/* A request of this task's own was added before its vm_mmap(). */
	if (list_empty(&view->commits))
		return 0;
	spin_lock(&sec->view_lock);
	list_for_each_entry(req, &view->commits, link) {
		if (req->task == current && req->pages) {
			pages = req->pages;
			req->pages = 0;
			break;
		}
	}
	spin_unlock(&sec->view_lock);
	return pages;
}

/**
 * nts_view_attach() - make @vma a VMA of @view
 * @vma: a new VMA whose vm_file is @view's file
 * @view: the view file's rules
 *
 * Every mapping of a view file comes here: NtMapViewOfSection's vm_mmap(),
 * a plain mmap() of a section handle, and core code mapping vm_file again
 * (remap_file_pages()). The view's range, protection cap, commit state and
 * guard pages apply each time; the backing file's mmap installs its
 * vm_operations, which are wrapped, and a backing that produced anything
 * but an ordinary page-cache mapping is refused.
 *
 * Return: 0 or a negative errno.
 */
static int nts_view_attach(struct vm_area_struct *vma, struct nts_view *view)
{
	struct nts_section *sec = view->section;
	vm_flags_t forbidden = nts_protect_forbidden(view->cap);
	const struct vm_operations_struct *ops;
	pgoff_t pages = vma_pages(vma);
	struct nts_vma *nvma = NULL;
	unsigned long commit;
	int err;

	/* A ViewUnmap view file maps only into the mm it was made for. */
	if (view->owner && vma->vm_mm != view->owner)
		return -EACCES;
	/* Only the view's own range, and a copy-on-write view stays private. */
	if (vma->vm_pgoff < view->pgoff || pages > view->pages ||
	    vma->vm_pgoff - view->pgoff > view->pages - pages)
		return -EINVAL;
	if ((nts_protect_is_cow(view->protect) ||
	     (sec->image_self && !nts_protect_writes_shared(view->protect))) &&
	    (vma->vm_flags & VM_MAYSHARE))
		return -EACCES;
	/* The backing file's open mode caps shared views too (SPEC §3). */
	if ((vma->vm_flags & VM_MAYSHARE) && !(sec->backing->f_mode & FMODE_WRITE))
		forbidden |= VM_MAYWRITE;
	err = nts_check_seals(vma, sec, &forbidden);
	if (err)
		return err;
	if (vma->vm_flags & (forbidden >> 4))	/* VM_MAYx is VM_x << 4 */
		return -EACCES;

	if (view->protect & NT_PAGE_GUARD) {
		nvma = kzalloc(sizeof(*nvma), GFP_KERNEL_ACCOUNT);
		if (!nvma)
			return -ENOMEM;
		nvma->view = view;
		nvma->guard = nts_guard_alloc(pages);
		nvma->guard_pgoff = vma->vm_pgoff;
		nvma->guard_bits = pages;
		if (!nvma->guard) {
			err = -ENOMEM;
			goto fail;
		}
	}
	/*
	 * CommitSize is committed by the mapping NtMapViewOfSection made, once
	 * the view has its place (a conflicting address never reaches ->mmap),
	 * so that a map that fails for its address commits nothing; and before
	 * MAP_POPULATE prefaults the view.
	 */
	commit = nts_view_take_commit(view);
	if (commit && nts_section_reserve_only(sec)) {
		u32 status = nts_section_commit(sec, view->pgoff, commit);

		if (status) {
			err = nts_status_to_errno(status);
			goto fail;
		}
	}

	err = nts_backing_mmap(sec->backing, vma);
	if (err)
		goto fail;
	ops = vma->vm_ops;
	if (!ops || !ops->fault || vma->vm_private_data ||
	    (vma->vm_flags & (VM_HUGETLB | VM_PFNMAP | VM_IO | VM_MIXEDMAP)) ||
	    (cmpxchg(&view->backing_ops, NULL, ops) ?: ops) != ops) {
		/*
		 * Not a page-cache mapping this module can wrap, or not the
		 * one the view file's other VMAs have.
		 */
		if (ops && ops->close)
			ops->close(vma);
		vma->vm_ops = &nts_refused_vm_ops;
		vma->vm_private_data = NULL;
		err = -ENODEV;
		goto fail;
	}

	vm_flags_clear(vma, forbidden);
	/*
	 * VM_DONTEXPAND also keeps khugepaged and MADV_COLLAPSE away
	 * (VM_NO_KHUGEPAGED): no huge folio is ever built over pages whose
	 * commit state differs. Cache attributes (SEC_NOCACHE, PAGE_NOCACHE,
	 * PAGE_WRITECOMBINE) are recorded, not applied: an uncached alias of
	 * page-cache RAM mapped write-back by the kernel is undefined on x86
	 * and arm64 (see "Security model" in the userspace-api documentation).
	 */
	vm_flags_set(vma, VM_DONTEXPAND);
	if (view->inherit == NT_VIEW_UNMAP)
		vm_flags_set(vma, VM_DONTCOPY);
	if (view->per_page)
		vm_flags_set(vma, VM_NOHUGEPAGE);
	else if (sec->alloc_attrs & NT_SEC_LARGE_PAGES)
		vm_flags_set(vma, VM_HUGEPAGE);

	atomic_inc(&sec->views);
	nts_vma_set(vma, view, nvma);
	vma->vm_ops = ops->page_mkwrite ? &nts_view_mkwrite_vm_ops : &nts_view_vm_ops;
	return 0;

fail:
	if (nvma)
		kvfree(nvma->guard);
	kfree(nvma);
	return err;
}

static int nts_view_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	return nts_view_attach(vma, file->private_data);
}

static int nts_view_file_release(struct inode *inode, struct file *file)
{
	struct nts_view *view = file->private_data;

	/* The file system's own release sees the file as it opened it. */
	file->private_data = NULL;
	if (view->real_fops && view->real_fops->release)
		view->real_fops->release(inode, file);
	nts_section_put(view->section);
	if (view->owner)
		mmdrop(view->owner);
	if (view->name_file)
		fput(view->name_file);
	kfree(view);
	nts_count(NTS_CNT_VIEWS, -1);
	return 0;
}

static unsigned long nts_view_file_get_unmapped_area(struct file *file, unsigned long addr,
						     unsigned long len, unsigned long pgoff,
						     unsigned long flags);

static const struct file_operations nts_view_fops = {
	.owner			= THIS_MODULE,
	.mmap			= nts_view_file_mmap,
	.get_unmapped_area	= nts_view_file_get_unmapped_area,
	.release		= nts_view_file_release,
	.llseek			= noop_llseek,
};

/*
 * A new view file: for a pagefile section a file of its own on the shmem
 * inode (the way SysV shm attaches), for a file-backed section a real open
 * of the caller's file with the creator's credentials (so the file system
 * and the LSMs see an open of that file, and every check core code makes on
 * a mapped file is made on it), carrying the view's file operations. It is
 * opened for writing only for views that write to the section.
 */
static struct file *nts_view_file_new(struct nts_section *sec, u32 protect, u32 cap,
				      u32 inherit, pgoff_t pgoff, pgoff_t pages,
				      struct file *name, unsigned int tail)
{
	struct file *backing = sec->backing, *file;
	int flags = O_LARGEFILE | (nts_protect_writes_shared(protect) ? O_RDWR : O_RDONLY);
	struct nts_view *view;

	view = kzalloc(sizeof(*view), GFP_KERNEL_ACCOUNT);
	if (!view)
		return ERR_PTR(-ENOMEM);
	if (!try_module_get(THIS_MODULE)) {
		kfree(view);
		return ERR_PTR(-ENODEV);
	}
	view->protect = protect;
	view->cap = cap;
	view->inherit = inherit & ~NTS_VIEW_PLACEHOLDER;
	view->placeholder = inherit & NTS_VIEW_PLACEHOLDER;
	view->pgoff = pgoff;
	view->pages = pages;
	view->tail = tail;
	view->per_page = nts_section_reserve_only(sec) || (protect & NT_PAGE_GUARD);
	INIT_LIST_HEAD(&view->cache);
	INIT_LIST_HEAD(&view->commits);

	if (sec->file_backed) {
		file = dentry_open(&backing->f_path, flags, backing->f_cred);
		if (!IS_ERR(file) && (file->private_data || !nts_file_can_mmap(file))) {
			/* A file system that keeps state of its own per open. */
			fput(file);
			file = ERR_PTR(-ENODEV);
		}
		if (!IS_ERR(file)) {
			view->real_fops = file->f_op;
			replace_fops(file, &nts_view_fops);
		}
	} else {
		struct inode *inode = file_inode(backing);

		ihold(inode);
		file = alloc_file_pseudo(inode, backing->f_path.mnt, "ntsection", flags,
					 &nts_view_fops);
		if (IS_ERR(file))
			iput(inode);
	}
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		kfree(view);
		return file;
	}
	nts_section_get(sec);
	if (view->inherit == NT_VIEW_UNMAP) {
		view->owner = current->mm;
		mmgrab(view->owner);
	}
	if (name)
		view->name_file = get_file(name);
	view->section = sec;
	view->file = file;
	file->private_data = view;
	nts_count(NTS_CNT_VIEWS, 1);
	return file;
}

/*
 * The view file for views of @sec with these rules, with a reference: the
 * cached one, or a new one, cached while the section has handles (a cached
 * file holds the section, so the cache empties with the last handle, see
 * nts_view_cache_drop()).
 */
static struct file *nts_view_file(struct nts_section *sec, u32 protect, u32 cap, u32 inherit,
				  pgoff_t pgoff, pgoff_t pages, struct file *name,
				  unsigned int tail)
{
	struct nts_view *view, *evict = NULL;
	struct file *file;

	spin_lock(&sec->view_lock);
	list_for_each_entry(view, &sec->view_cache, cache) {
		if (view->protect == protect && view->cap == cap &&
		    (view->inherit | (view->placeholder ? NTS_VIEW_PLACEHOLDER : 0)) == inherit &&
		    view->name_file == name && view->tail == tail &&
		    view->pgoff == pgoff && view->pages == pages &&
		    view->owner == ((inherit & ~NTS_VIEW_PLACEHOLDER) == NT_VIEW_UNMAP ?
				    current->mm : NULL)) {
			list_move(&view->cache, &sec->view_cache);
			file = get_file(view->file);
			spin_unlock(&sec->view_lock);
			return file;
		}
	}
	spin_unlock(&sec->view_lock);

	file = nts_view_file_new(sec, protect, cap, inherit, pgoff, pages, name, tail);
	if (IS_ERR(file))
		return file;
	view = file->private_data;
	spin_lock(&sec->view_lock);
	if (atomic_read(&sec->handles)) {
		list_add(&view->cache, &sec->view_cache);
		get_file(file);
		if (++sec->view_cached > (sec->image_self ? NTS_IMAGE_VIEW_CACHE_MAX :
					  NTS_VIEW_CACHE_MAX)) {
			evict = list_last_entry(&sec->view_cache, struct nts_view, cache);
			list_del_init(&evict->cache);
			sec->view_cached--;
		}
	}
	spin_unlock(&sec->view_lock);
	if (evict)
		fput(evict->file);	/* its views keep it as long as they live */
	return file;
}

/**
 * nts_view_cache_drop() - let go of the view files kept for views to come
 * @sec: the section, whose last handle has just gone
 *
 * A cached view file holds a reference on the section: without handles no
 * view can be made any more, and the cache must not keep the section alive.
 * The views that exist keep their files. An image object's section keeps
 * its cache while it has views too: a loader closes the section handle
 * after the map, and the next process to load the image finds the object
 * and its view files (nts_image_object_get()).
 */
void nts_view_cache_drop(struct nts_section *sec)
{
	struct nts_view *view, *next;
	LIST_HEAD(drop);

	/* Pairs with the barrier of the other counter's decrement. */
	smp_mb();
	spin_lock(&sec->view_lock);
	if (!atomic_read(&sec->handles) &&
	    !(sec->image_self && atomic_read(&sec->views))) {
		list_splice_init(&sec->view_cache, &drop);
		sec->view_cached = 0;
	}
	spin_unlock(&sec->view_lock);
	list_for_each_entry_safe(view, next, &drop, cache) {
		list_del_init(&view->cache);
		fput(view->file);
	}
}

/**
 * nts_view_mmap() - ->mmap of a section file descriptor
 * @file: the section handle
 * @vma: the new VMA
 *
 * A plain mmap() of a section fd is a view of a pagefile-backed section,
 * with the same checks as NtMapViewOfSection: handle access, view
 * protection against the section's, 64 KiB-aligned base and offset, and a
 * range inside the section. The VMA then maps a view file of its own.
 * File-backed sections are mapped through NtMapViewOfSection only: there
 * the kernel's checks on mapping a file run on the file itself.
 *
 * Return: 0 or a negative errno.
 */
int nts_view_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct nts_handle *handle = file->private_data;
	struct nts_section *sec = handle->section;
	struct nts_map_args args = {};
	struct file *vfile;
	u64 view_size;
	u32 status;
	int err;

	if (sec->file_backed)
		return -ENODEV;
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
	vfile = nts_view_file(sec, args.protect, args.protect, args.inherit, vma->vm_pgoff,
			      vma_pages(vma), NULL, 0);
	if (IS_ERR(vfile))
		return PTR_ERR(vfile);
	vma_set_file(vma, vfile);
	fput(vfile);
	err = nts_view_attach(vma, vfile->private_data);
	return err;
}

static unsigned long nts_view_alignment(const struct nts_section *sec)
{
	if (sec->alloc_attrs & NT_SEC_LARGE_PAGES)
		return NTS_LARGE_PAGE_SIZE;
	return NTS_GRANULARITY;
}

/**
 * nts_aligned_area() - a free range where mmap() would place one
 * @len: the length
 * @align: the alignment
 * @pgoff: the offset, for the placement
 * @flags: MAP_* flags, for the placement
 *
 * Return: an @align-aligned address with @len bytes free, or -errno.
 */
unsigned long nts_aligned_area(unsigned long len, unsigned long align,
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

static unsigned long nts_view_file_get_unmapped_area(struct file *file, unsigned long addr,
						     unsigned long len, unsigned long pgoff,
						     unsigned long flags)
{
	struct nts_view *view = file->private_data;

	if (flags & MAP_FIXED)
		return addr;
	return nts_aligned_area(len, nts_view_alignment(view->section), pgoff, flags);
}

/* Keep clear of a stack's growth (stack_guard_gap is not exported). */
#define NTS_STACK_GUARD_GAP	(256UL << PAGE_SHIFT)

static unsigned long nts_vma_start_gap(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > NTS_STACK_GUARD_GAP ? vma->vm_start - NTS_STACK_GUARD_GAP : 0;
}

/**
 * nts_find_gap() - a free range
 * @mm: the address space, whose mmap_lock the caller holds
 * @len: the length
 * @align: the alignment
 * @low: the lowest address
 * @high: the end (exclusive) of the addresses to look at
 * @top_down: the highest fitting address instead of the lowest
 *
 * Return: the lowest (or, @top_down, highest) @align-aligned address in
 * [@low, @high) where @len bytes are free, or -ENOMEM.
 */
unsigned long nts_find_gap(struct mm_struct *mm, unsigned long len, unsigned long align,
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

/*
 * The kernel's own checks on mapping the image's file, made on the file
 * itself by the mapping process: an ordinary private mapping of it, with
 * execute permission when the view has code (noexec mounts, the LSMs'
 * mmap_file hooks), made and taken back.
 */
static int nts_image_probe(struct file *file, bool exec)
{
	unsigned long addr = vm_mmap(file, 0, PAGE_SIZE, PROT_READ | (exec ? PROT_EXEC : 0),
				     MAP_PRIVATE, 0);

	if (IS_ERR_VALUE(addr))
		return (long)addr;
	vm_munmap(addr, PAGE_SIZE);
	return 0;
}

/*
 * Map the regions of an image view at @addr, each a VMA of its own view
 * file on the image object's section, with the region's protection; writable
 * regions copy on write unless shared. All or nothing: what was mapped is
 * taken back when a region fails.
 */
static int nts_image_map_at(struct nts_section *isec, const struct nts_image_region *r,
			    u32 count, u32 pages, bool no_exec, u32 inherit, unsigned long addr,
			    struct file *name)
{
	int err = 0;
	u32 i;

	for (i = 0; i < count && r[i].first < pages; i++) {
		u32 n = min(r[i].pages, pages - r[i].first);
		unsigned long prot, flags, got;
		struct file *vfile;
		u32 cap;

		prot = nts_protect_to_prot(r[i].protect, &flags);
		if (!r[i].shared)
			flags = MAP_PRIVATE;
		if (r[i].shared)
			cap = no_exec ? NT_PAGE_READWRITE : NT_PAGE_EXECUTE_READWRITE;
		else
			cap = no_exec ? NT_PAGE_WRITECOPY : NT_PAGE_EXECUTE_WRITECOPY;
		vfile = nts_view_file(isec, r[i].protect, cap, inherit, r[i].first, n, name, 0);
		if (IS_ERR(vfile)) {
			err = PTR_ERR(vfile);
			break;
		}
		got = vm_mmap(vfile, addr + ((unsigned long)r[i].first << PAGE_SHIFT),
			      (unsigned long)n << PAGE_SHIFT, prot, flags | MAP_FIXED_NOREPLACE,
			      (unsigned long)r[i].first << PAGE_SHIFT);
		fput(vfile);
		if (IS_ERR_VALUE(got)) {
			err = (long)got;
			break;
		}
	}
	/* Regions are contiguous from the view's start. */
	if (err && i && r[i].first)
		vm_munmap(addr, (unsigned long)r[i].first << PAGE_SHIFT);
	return err;
}

/*
 * NtMapViewOfSection of an image (SPEC §10.3, §10.4): the whole image, or
 * the first *ViewSize bytes of it (a partial view, as Windows maps it), at
 * the image object's base when that range is free (STATUS_SUCCESS), else
 * anywhere (STATUS_IMAGE_NOT_AT_BASE: the caller's loader relocates); at a
 * given base or CONFLICTING_ADDRESSES. An image of the other machine than
 * the process's maps with STATUS_IMAGE_MACHINE_TYPE_MISMATCH, except a
 * PE32+ image in a 32-bit process (Wine's rule).
 */
static u32 nts_view_map_image(struct nts_map_request *req)
{
	struct nts_section *sec = req->section;
	bool no_exec = (sec->alloc_attrs & NT_SEC_IMAGE_NO_EXECUTE) == NT_SEC_IMAGE_NO_EXECUTE;
	struct nts_map_args args = {
		.base = req->base, .offset = req->offset, .view_size = req->view_size,
		.alloc_type = req->alloc_type, .protect = req->protect, .user_limit = TASK_SIZE,
	};
	struct nts_section *isec = nts_image_object_section(sec->image_obj);
	const struct nts_image_region *r;
	struct mm_struct *mm = current->mm;
	u64 limit = TASK_SIZE, base, size;
	bool wide;
	unsigned long addr;
	u32 count, pages, i, status;
	int err = -EEXIST, tries;

	status = nts_map_check_image(&args, no_exec, READ_ONCE(sec->size));
	if (status)
		return status;
	status = nts_zero_bits_limit(req->zero_bits, &limit);
	if (status)
		return status;
	limit = limit >= TASK_SIZE - 1 ? TASK_SIZE : limit + 1;
	if (!mm)
		return NT_STATUS_INVALID_HANDLE;

	/*
	 * A handle without SECTION_MAP_EXECUTE maps nothing executable; one
	 * without SECTION_MAP_WRITE cannot map a shared writable section,
	 * which every process mapping the image writes.
	 */
	if (!req->kernel && !(req->access & NT_SECTION_MAP_EXECUTE))
		no_exec = true;
	pages = nts_image_object_layout(sec->image_obj, no_exec, &r, &count);
	/* A smaller MaximumSize or a ViewSize maps the image's first pages. */
	pages = min_t(u64, pages, DIV_ROUND_UP_ULL(READ_ONCE(sec->size), PAGE_SIZE));
	if (req->view_size)
		pages = min_t(u64, pages, DIV_ROUND_UP_ULL(req->view_size, PAGE_SIZE));
	size = (u64)pages << PAGE_SHIFT;
	base = nts_image_object_base(sec->image_obj, &wide);
	for (i = 0; i < count && r[i].first < pages; i++)
		if (r[i].shared && !req->kernel && !(req->access & NT_SECTION_MAP_WRITE))
			return NT_STATUS_ACCESS_DENIED;
	/* Any page may be made executable (the cap): the file must allow it. */
	err = nts_image_probe(sec->backing, !no_exec);
	if (err)
		return nts_errno_to_status(err, NT_STATUS_ACCESS_DENIED);

	for (tries = 0; tries < 16; tries++) {
		if (req->base) {
			addr = req->base;
		} else if (!tries && base >= NTS_GRANULARITY && base < limit &&
			   size <= limit - base) {
			addr = base;
		} else {
			if (mmap_read_lock_killable(mm))
				return NT_STATUS_UNSUCCESSFUL;
			addr = nts_find_gap(mm, size, NTS_GRANULARITY, NTS_GRANULARITY,
					    (req->alloc_type & NT_MEM_TOP_DOWN) || req->zero_bits ?
					    limit : min_t(u64, limit, mm->mmap_base), true);
			mmap_read_unlock(mm);
			if (IS_ERR_VALUE(addr))
				return NT_STATUS_NO_MEMORY;
		}
		err = nts_image_map_at(isec, r, count, pages, no_exec, req->inherit, addr,
				       sec->backing);
		if (err != -EEXIST || req->base)
			break;
	}
	if (err == -EEXIST)
		return NT_STATUS_CONFLICTING_ADDRESSES;
	if (err)
		return nts_errno_to_status(err, NT_STATUS_NO_MEMORY);
	req->base = addr;
	req->view_size = size;
	if (!wide && !in_compat_syscall())
		return NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH;
	return addr == base ? NT_STATUS_SUCCESS : NT_STATUS_IMAGE_NOT_AT_BASE;
}

/*
 * NtMapViewOfSection, after the handles are resolved: @req->base and
 * @req->view_size are written on success.
 *
 * Runs the rest of the SPEC §5 order: handle access (user callers only),
 * alignment, protection against the section, view size, commit size, and
 * placement; then maps a new view file into the current process with
 * vm_mmap(), which comes back through nts_view_attach(). No lock of the
 * module's is held across the mapping.
 *
 * Return: an NTSTATUS.
 */
static u32 nts_view_map_do(struct nts_map_request *req)
{
	struct nts_section *sec = req->section;
	struct nts_map_args args = {
		.base = req->base, .zero_bits = req->zero_bits,
		.commit_size = req->commit_size, .offset = req->offset,
		.view_size = req->view_size, .inherit = req->inherit,
		.alloc_type = req->alloc_type, .protect = req->protect,
		.user_limit = TASK_SIZE,
		/* Asked only of MEM_LARGE_PAGES: capable() is no free check. */
		.lock_limit = req->alloc_type & NT_MEM_LARGE_PAGES ?
			      nts_lock_limit(req->kernel) : 0,
	};
	struct mm_struct *mm = current->mm;
	unsigned long prot, flags, addr, align;
	struct nts_commit_req commit = { .task = current };
	bool replace = req->alloc_type & NT_MEM_REPLACE_PLACEHOLDER;
	u64 view_size, limit = TASK_SIZE, low = 0;
	unsigned int tail = 0;
	struct nts_view *view;
	struct file *vfile;
	bool queued;
	u32 status;
	int tries;

	if (!req->kernel) {
		status = nts_check_map_access(req->access, req->protect);
		if (status)
			return status;
	}
	if (sec->image)
		return nts_view_map_image(req);
	status = nts_map_check_section(&args, sec->protect, READ_ONCE(sec->size),
				       sec->file_backed, sec->alloc_attrs, &view_size);
	if (status)
		return status;
	status = nts_zero_bits_limit(req->zero_bits, &limit);
	if (status)
		return status;
	if (req->high)
		limit = min(limit, req->high);
	low = req->low;
	/* The highest usable address, inclusive, becomes an exclusive end. */
	limit = limit >= TASK_SIZE - 1 ? TASK_SIZE : limit + 1;
	if (!mm)
		return NT_STATUS_INVALID_HANDLE;

	prot = nts_protect_to_prot(req->protect, &flags);
	align = nts_view_alignment(sec);
	/* MEM_LARGE_PAGES: the view starts on a large page. */
	if (req->alloc_type & NT_MEM_LARGE_PAGES)
		align = NTS_LARGE_PAGE_SIZE;
	/*
	 * CommitSize: the view's first mapping commits it (section-wide, SPEC
	 * §6); the map then prefaults what is known to be committed when that
	 * is the whole view (MAP_POPULATE: one batched pass instead of a fault
	 * per page). Guard pages must fault, so they are never prefaulted; nor
	 * are WRITECOPY views: populating a private writable mapping breaks
	 * COW, and the view would hold a copy made now; nor file views, whose
	 * CommitSize (with MEM_RESERVE) commits nothing and whose reserved tail
	 * may be as large as the address space.
	 */
	if (req->commit_size && nts_section_reserve_only(sec))
		commit.pages = DIV_ROUND_UP(req->commit_size, PAGE_SIZE);
	if (req->commit_size && PAGE_ALIGN(req->commit_size) >= view_size &&
	    !(req->protect & NT_PAGE_GUARD) && (flags & MAP_SHARED) && !sec->file_backed)
		flags |= MAP_POPULATE;
	/*
	 * MEM_RESERVE on a file: an extendable view, which may pass the
	 * section's end; a commit in its tail grows the section, like
	 * NtExtendSection, so it needs what that needs of the handle.
	 */
	if (sec->file_backed && (req->alloc_type & NT_MEM_RESERVE)) {
		tail = NTS_TAIL_RESERVED;
		if (req->kernel || (req->access & NT_SECTION_EXTEND_SIZE))
			tail |= NTS_TAIL_EXTEND;
	}
	vfile = nts_view_file(sec, req->protect, req->protect,
			      req->inherit | (replace ? NTS_VIEW_PLACEHOLDER : 0),
			      req->offset >> PAGE_SHIFT, view_size >> PAGE_SHIFT, NULL, tail);
	if (IS_ERR(vfile))
		return nts_errno_to_status(PTR_ERR(vfile), NT_STATUS_INSUFFICIENT_RESOURCES);
	view = vfile->private_data;
	queued = commit.pages;
	if (queued) {
		/* For this task's ->mmap of the view: nts_view_take_commit(). */
		spin_lock(&sec->view_lock);
		list_add(&commit.link, &view->commits);
		spin_unlock(&sec->view_lock);
	}
	if (replace) {
		/* Atomic: the view is mapped over the placeholder, never beside it. */
		struct nts_mm_lock *lock = nts_placeholder_lock(mm);

		status = lock ? nts_placeholder_take(req->base, view_size) : NT_STATUS_UNSUCCESSFUL;
		addr = -EINVAL;
		if (!status) {
			addr = vm_mmap(vfile, req->base, view_size, prot, flags | MAP_FIXED,
				       req->offset);
			if (IS_ERR_VALUE(addr))
				nts_placeholder_restore(req->base, view_size);
		}
		if (lock)
			nts_placeholder_unlock(lock);
	}
	for (tries = replace ? 16 : 0; tries < 16; tries++) {
		if (req->base) {
			addr = req->base;
		} else if (req->zero_bits || low || limit < TASK_SIZE ||
			   (req->alloc_type & NT_MEM_TOP_DOWN)) {
			bool top_down = req->alloc_type & NT_MEM_TOP_DOWN;
			u64 high = limit;

			if (top_down && !req->zero_bits && limit == TASK_SIZE)
				high = min_t(u64, high, mm->mmap_base);
			if (mmap_read_lock_killable(mm)) {
				addr = -EINTR;
				break;
			}
			addr = nts_find_gap(mm, view_size, align, max_t(u64, low, NTS_GRANULARITY),
					    high, top_down);
			mmap_read_unlock(mm);
			if (IS_ERR_VALUE(addr))
				break;
		} else if (align > nts_view_alignment(sec)) {
			/* Where mmap() would put it, on a large page. */
			if (mmap_read_lock_killable(mm)) {
				addr = -EINTR;
				break;
			}
			addr = nts_aligned_area(view_size, align, 0, 0);
			mmap_read_unlock(mm);
			if (IS_ERR_VALUE(addr))
				break;
		} else {
			addr = 0;
		}
		addr = vm_mmap(vfile, addr, view_size, prot,
			       flags | (addr ? MAP_FIXED_NOREPLACE : 0), req->offset);
		/* Someone took the gap between the search and the mapping. */
		if (addr != (unsigned long)-EEXIST || req->base)
			break;
	}
	if (queued) {
		spin_lock(&sec->view_lock);
		list_del(&commit.link);
		spin_unlock(&sec->view_lock);
	}
	fput(vfile);

	if (status)
		return status;
	if (IS_ERR_VALUE(addr)) {
		if (addr == (unsigned long)-EEXIST)
			return NT_STATUS_CONFLICTING_ADDRESSES;
		/* Past the largest offset the kernel maps a file at. */
		if (addr == (unsigned long)-EOVERFLOW)
			return NT_STATUS_INVALID_VIEW_SIZE;
		return nts_errno_to_status((long)addr, NT_STATUS_NO_MEMORY);
	}
	req->base = addr;
	req->view_size = view_size;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_view_map() - NtMapViewOfSection in the current process
 * @req: the request; on success @req->base and @req->view_size are the view
 *
 * Return: an NTSTATUS (the ntsection_map event says it too).
 */
u32 nts_view_map(struct nts_map_request *req)
{
	u64 base = req->base;
	u32 status = nts_view_map_do(req);

	trace_ntsection_map(req->section->id, nt_success(status) ? req->base : base,
			    req->view_size, req->offset, req->alloc_type, req->protect, status);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_map);

/**
 * struct nts_view_loc - a view found by address, with a reference
 * @view: the view
 * @file: the view file (a reference: fput() when done)
 * @start: the VMA's start
 * @end: the VMA's end
 * @pgoff: the VMA's section offset in pages
 * @vm_flags: the VMA's flags when it was found
 * @view_start: where the view the VMA is a piece of starts
 */
struct nts_view_loc {
	struct nts_view *view;
	struct file *file;
	unsigned long start;
	unsigned long end;
	pgoff_t pgoff;
	vm_flags_t vm_flags;
	unsigned long view_start;
};

/* The view containing @addr in @mm. */
static u32 nts_view_find(struct mm_struct *mm, unsigned long addr, struct nts_view_loc *loc)
{
	struct vm_area_struct *vma;
	u32 status = NT_STATUS_NOT_MAPPED_VIEW;

	if (!mm)
		return status;
	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr && nts_vma_is_live_view(vma)) {
		loc->view = nts_vma_view(vma);
		loc->view_start = nts_vma_view_start(vma);
		loc->file = get_file(vma->vm_file);
		loc->start = vma->vm_start;
		loc->end = vma->vm_end;
		loc->pgoff = vma->vm_pgoff;
		loc->vm_flags = vma->vm_flags;
		status = NT_STATUS_SUCCESS;
	}
	mmap_read_unlock(mm);
	return status;
}

/*
 * The next run of VMAs of the view @ref's VMAs starting at @view_start
 * make, inside [@from, @end): 0, or -ENOENT when none is left. The caller
 * holds mmap_lock.
 */
static int nts_view_next_run_locked(struct mm_struct *mm, const struct nts_view *ref,
				    unsigned long view_start, unsigned long from,
				    unsigned long end, unsigned long *rs, unsigned long *re)
{
	struct vm_area_struct *vma;
	int err = -ENOENT;

	VMA_ITERATOR(vmi, mm, from);

	for_each_vma_range(vmi, vma, end) {
		if (!nts_vma_in_view(vma, ref, view_start)) {
			if (!err)
				break;
			continue;
		}
		if (err) {
			*rs = vma->vm_start;
			err = 0;
		} else if (vma->vm_start != *re) {
			break;
		}
		*re = vma->vm_end;
	}
	return err;
}

/* The most a view at @start can reach. */
static unsigned long nts_view_limit(const struct nts_view *view, unsigned long start)
{
	return start + min_t(u64, nts_view_span(view), TASK_SIZE - start);
}

/* The end of the view at @start: where its pages stop, now. */
static unsigned long nts_view_end(struct mm_struct *mm, const struct nts_view *ref,
				  unsigned long start)
{
	unsigned long rs, re;

	if (nts_view_next_run_locked(mm, ref, start, start, nts_view_limit(ref, start), &rs, &re) ||
	    rs != start)
		return start;
	return re;
}

/* How many runs of a view's VMAs one pass of nts_view_unmap() takes. */
#define NTS_UNMAP_RUNS	16

/**
 * nts_view_unmap() - NtUnmapViewOfSection in the current process
 * @addr: any address inside the view
 *
 * Every VMA of the view goes, whatever piece @addr is in (an image's
 * regions, the parts NtProtectVirtualMemory split it into), and nothing
 * between them that is not the view's (SPEC §7, §10.4).
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_NOT_MAPPED_VIEW when @addr is in
 * no view (free memory, private memory, a view already unmapped).
 */
u32 nts_view_unmap(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	unsigned long rs[NTS_UNMAP_RUNS], re[NTS_UNMAP_RUNS], from, limit, start;
	struct vm_area_struct *vma;
	struct file *pin = NULL;
	struct nts_view *view;
	u32 status = NT_STATUS_SUCCESS;
	int i, n, err;

	if (!mm)
		return NT_STATUS_NOT_MAPPED_VIEW;
	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || !nts_vma_is_live_view(vma)) {
		mmap_read_unlock(mm);
		return NT_STATUS_NOT_MAPPED_VIEW;
	}
	view = nts_vma_view(vma);
	start = nts_vma_view_start(vma);
	limit = nts_view_limit(view, start);
	from = start;
	for (;;) {
		/*
		 * The runs are found in one pass, then unmapped: a view another
		 * thread maps at the same place meanwhile is not this one.
		 */
		for (n = 0; n < NTS_UNMAP_RUNS; n++) {
			if (nts_view_next_run_locked(mm, view, start, from, limit, &rs[n], &re[n]))
				break;
			from = re[n];
		}
		/* More runs than one pass takes: the view file keeps @view. */
		if (n == NTS_UNMAP_RUNS && !pin)
			pin = get_file(vma->vm_file);
		mmap_read_unlock(mm);
		for (i = 0; i < n; i++) {
			err = vm_munmap(rs[i], re[i] - rs[i]);
			if (err && !status)
				status = nts_errno_to_status(err, NT_STATUS_UNSUCCESSFUL);
		}
		if (n < NTS_UNMAP_RUNS || status)
			break;
		mmap_read_lock(mm);
	}
	if (pin)
		fput(pin);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_unmap);

/*
 * NtUnmapViewOfSectionEx in the current process: @addr any address inside
 * the view, @flags its UnmapFlags (checked by nts_unmap_ex_check_flags()).
 *
 * With MEM_PRESERVE_PLACEHOLDER, a view that replaced a placeholder becomes
 * that placeholder again, in one step (SPEC §12).
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_NOT_MAPPED_VIEW when @addr is in no
 * view; NT_STATUS_CONFLICTING_ADDRESSES for MEM_PRESERVE_PLACEHOLDER on a
 * view that did not replace a placeholder.
 */
static u32 nts_view_unmap_ex_do(unsigned long addr, u32 flags)
{
	struct mm_struct *mm = current->mm;
	struct nts_mm_lock *lock;
	struct vm_area_struct *vma;
	unsigned long start, end;
	u32 status;

	if (!(flags & NT_MEM_PRESERVE_PLACEHOLDER))
		return nts_view_unmap(addr);
	if (!mm)
		return NT_STATUS_NOT_MAPPED_VIEW;
	lock = nts_placeholder_lock_read(mm);
	if (!lock)
		return NT_STATUS_UNSUCCESSFUL;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || !nts_vma_is_live_view(vma)) {
		status = NT_STATUS_NOT_MAPPED_VIEW;
	} else if (!nts_vma_view(vma)->placeholder) {
		status = NT_STATUS_CONFLICTING_ADDRESSES;
	} else {
		start = nts_vma_view_start(vma);
		end = nts_view_end(mm, nts_vma_view(vma), start);
		status = end > start ? NT_STATUS_SUCCESS : NT_STATUS_NOT_MAPPED_VIEW;
	}
	mmap_read_unlock(mm);
	if (!status)
		status = nts_placeholder_put(start, end - start);
	nts_placeholder_unlock(lock);
	return status;
}

/**
 * nts_view_unmap_ex() - NtUnmapViewOfSectionEx in the current process
 * @addr: any address inside the view
 * @flags: UnmapFlags, checked by nts_unmap_ex_check_flags()
 *
 * Return: an NTSTATUS (the ntsection_unmap event says it too).
 */
u32 nts_view_unmap_ex(unsigned long addr, u32 flags)
{
	u32 status = nts_view_unmap_ex_do(addr, flags);

	trace_ntsection_unmap(addr, 0, flags, status);
	return status;
}

/**
 * nts_view_commit() - NtAllocateVirtualMemory(MEM_COMMIT) on a view
 * @base: in/out: the start of the range; rounded down to a page
 * @size: in/out: the size of the range; rounded up to whole pages
 * @protect: Win32Protect
 * @fsize_limit: a kernel worker running the call for another process: that
 *	process's RLIMIT_FSIZE, which growing an extendable view's file
 *	respects (SECTION_TOO_BIG past it, as a grown file's EFBIG is);
 *	0 otherwise (notify_change() checks the caller's own)
 *
 * Commits the pages for the whole section: every view sees them (SPEC §6).
 *
 * Return: an NTSTATUS; NT_STATUS_NOT_MAPPED_VIEW when @base is in no view
 * (the caller handles private memory itself).
 */
u32 nts_view_commit(u64 *base, u64 *size, u32 protect, u64 fsize_limit)
{
	struct nts_view_loc loc;
	struct nts_section *sec;
	unsigned long first, last;
	u32 status;

	if (!nts_protect_valid(protect))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	if (*base >= TASK_SIZE || *size > TASK_SIZE - *base)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(current->mm, *base, &loc);
	if (status)
		return status;
	sec = loc.view->section;
	first = ALIGN_DOWN(*base, PAGE_SIZE);
	last = ALIGN(*base + (*size ? *size : 1), PAGE_SIZE);
	if (last > nts_view_limit(loc.view, loc.view_start)) {
		status = NT_STATUS_CONFLICTING_ADDRESSES;
	} else if (loc.view->tail & NTS_TAIL_EXTEND) {
		/*
		 * An extendable view (Windows' NtAllocateVirtualMemory on a VAD
		 * with ExtendableFile): the section grows to the end of the
		 * range, like NtExtendSection; a range already inside is a
		 * success. Protect does not decide (Windows ignores a
		 * protection the view cannot take there).
		 */
		u64 size = ((u64)loc.pgoff << PAGE_SHIFT) + (last - loc.start);

		/* A kernel worker's own RLIMIT_FSIZE is not the target's. */
		if (fsize_limit && size > fsize_limit &&
		    size > i_size_read(file_inode(sec->backing)))
			status = NT_STATUS_SECTION_TOO_BIG;
		else
			status = nts_section_extend(sec, NT_SECTION_EXTEND_SIZE, &size);
	} else if (sec->file_backed || sec->image_self) {
		status = NT_STATUS_ACCESS_DENIED;
	} else {
		status = nts_check_view_protect(sec->protect, protect);
		if (!status)
			status = nts_section_commit(sec,
						    loc.pgoff + ((first - loc.start) >> PAGE_SHIFT),
						    (last - first) >> PAGE_SHIFT);
	}
	fput(loc.file);
	trace_ntsection_commit(first, last - first, protect, status);
	if (!status) {
		*base = first;
		*size = last - first;
	}
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_commit);

/* Forget @task's permit, and every permit that expired. */
static void nts_permits_prune(struct task_struct *task, struct list_head *dead)
{
	struct nts_split_permit *p, *next;

	list_for_each_entry_safe(p, next, &nts_permits, link) {
		if (p->task == task || !time_before(jiffies, p->expires))
			list_move(&p->link, dead);
	}
}

static void nts_permits_free(struct list_head *dead)
{
	struct nts_split_permit *p, *next;

	list_for_each_entry_safe(p, next, dead, link)
		kfree(p);
}

/**
 * nts_view_permit_split() - NtProtectVirtualMemory on part of a view
 * @base: the range's start, page-aligned
 * @size: its size in bytes, page-aligned; 0 withdraws the caller's permit
 *
 * The range must lie inside one view of the current process; then, until
 * the permit is withdrawn or replaced, for a second at most, the calling
 * task's mprotect() calls may split its views' VMAs at the range's two ends
 * and nowhere else (struct nts_split_permit). mprotect() itself caps the
 * protection by the view's (the VMAs' VM_MAY* bits, SPEC §3).
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_INVALID_PARAMETER_2 for a range that
 * is not page-aligned or not in user space; NT_STATUS_NOT_MAPPED_VIEW when
 * @base is in no view; NT_STATUS_CONFLICTING_ADDRESSES when the range leaves
 * the view; NT_STATUS_NO_MEMORY.
 */
u32 nts_view_permit_split(u64 base, u64 size)
{
	struct nts_view_loc loc;
	u32 status;

	if (size) {
		if (base >= TASK_SIZE || size > TASK_SIZE - base ||
		    !PAGE_ALIGNED(base) || !PAGE_ALIGNED(size))
			return NT_STATUS_INVALID_PARAMETER_2;
		status = nts_view_find(current->mm, base, &loc);
		if (status)
			return status;
		if (base + size > nts_view_limit(loc.view, loc.view_start))
			status = NT_STATUS_CONFLICTING_ADDRESSES;
		fput(loc.file);
		if (status)
			return status;
	}
	status = nts_permit_set(base, base + size);
	trace_ntsection_protect(base, size, 0, status);
	return status;
}

/**
 * nts_permit_set() - let the current task split VMAs at two addresses
 * @start: one address
 * @end: the other; @start == @end withdraws the task's permit
 *
 * For a second at most, until replaced or withdrawn (struct
 * nts_split_permit). A task has one permit at a time.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_NO_MEMORY.
 */
u32 nts_permit_set(u64 start, u64 end)
{
	struct nts_split_permit *p = NULL;
	LIST_HEAD(dead);

	if (start != end) {
		p = kmalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
		if (!p)
			return NT_STATUS_NO_MEMORY;
		p->task = current;
		p->pid = current->pid;
		p->mm = current->mm;
		p->start = start;
		p->end = end;
		p->expires = jiffies + HZ;
	}
	spin_lock(&nts_permit_lock);
	nts_permits_prune(current, &dead);
	if (p)
		list_add(&p->link, &nts_permits);
	spin_unlock(&nts_permit_lock);
	nts_permits_free(&dead);
	return NT_STATUS_SUCCESS;
}

/**
 * nts_view_exit() - free what views keep module-wide
 */
void nts_view_exit(void)
{
	LIST_HEAD(dead);

	spin_lock(&nts_permit_lock);
	list_splice_init(&nts_permits, &dead);
	spin_unlock(&nts_permit_lock);
	nts_permits_free(&dead);
}

/**
 * nts_view_free() - NtFreeVirtualMemory on a view
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @base: an address
 *
 * Views are released by NtUnmapViewOfSection only (SPEC §6).
 *
 * Return: NT_STATUS_UNABLE_TO_DELETE_SECTION inside a view, else
 * NT_STATUS_NOT_MAPPED_VIEW (the caller handles private memory itself).
 */
u32 nts_view_free(struct mm_struct *mm, u64 base)
{
	struct nts_view_loc loc;
	u32 status;

	if (base >= TASK_SIZE)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(mm, base, &loc);
	if (status)
		return status;
	fput(loc.file);
	return NT_STATUS_UNABLE_TO_DELETE_SECTION;
}

/* The NTSTATUS of a failed writeback (see struct ntsection_flush_args). */
static u32 nts_writeback_status(int err)
{
	switch (err) {
	case -EIO:
		return NT_STATUS_IO_DEVICE_ERROR;
	case -ENOSPC:
	case -EDQUOT:
		return NT_STATUS_DISK_FULL;
	default:
		return NT_STATUS_UNEXPECTED_IO_ERROR;
	}
}

/**
 * nts_view_flush() - NtFlushVirtualMemory
 * @mm: the address space (the caller's or the target's)
 * @base: in/out: an address in a view; rounded down to a page
 * @size: in/out: the bytes to flush, 0 for the rest of the view; the
 *	page-rounded size of the range
 * @ran: out: true once the writeback ran (success or a write error), and
 *	@base and @size were set
 *
 * The caller checked @base and @size with nts_flush_check_params(). The
 * dirty page-cache pages of the file range the view range maps are
 * written and waited for (filemap_write_and_wait_range(): data only, as
 * FlushViewOfFile; no fsync of metadata, no cache flush of the disk). The
 * flush runs in the caller's context; the view file's reference keeps the
 * section and its file alive meanwhile, whatever the target does.
 *
 * Return: an NTSTATUS.
 */
u32 nts_view_flush(struct mm_struct *mm, u64 *base, u64 *size, bool *ran)
{
	struct nts_view_loc loc;
	struct nts_section *sec;
	u64 first, len, end;
	loff_t pos;
	u32 status;
	int err;

	status = nts_view_find(mm, *base, &loc);
	if (status)
		return status;
	sec = loc.view->section;
	end = nts_view_limit(loc.view, loc.view_start);
	status = nts_flush_check_view(*base, *size, loc.view_start, end,
				      sec->file_backed && !sec->image_self && !sec->image,
				      &first, &len);
	if (!status) {
		/* The VMA found maps page loc.pgoff of the file at loc.start. */
		pos = ((loff_t)loc.pgoff << PAGE_SHIFT) + (loff_t)(first - loc.start);
		err = filemap_write_and_wait_range(sec->backing->f_mapping, pos, pos + len - 1);
		if (err)
			status = nts_writeback_status(err);
		*base = first;
		*size = len;
		*ran = true;
	}
	fput(loc.file);
	return status;
}

/*
 * Has the process of @mm its own copy of the page at @addr (a write through
 * a WRITECOPY view)? Looks at the page table only; never faults.
 */
static bool nts_page_is_private_copy(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;
	long got;
	bool anon;

	if (mm == current->mm) {
		got = get_user_pages_fast_only(addr, 1, 0, &page);
	} else {
		if (mmap_read_lock_killable(mm))
			return false;
		got = nts_gup_remote_one(mm, addr, FOLL_NOFAULT, &page);
		mmap_read_unlock(mm);
	}
	if (got != 1)
		return false;
	anon = PageAnon(page);
	put_page(page);
	return anon;
}

/*
 * The protection the VMA grants now (after any mprotect()); a written page
 * of a WRITECOPY view is READWRITE (EXECUTE_READWRITE), SPEC §6.
 */
static u32 nts_flags_protect(vm_flags_t f, bool copied)
{
	bool r = f & VM_READ, w = f & VM_WRITE, x = f & VM_EXEC;
	bool cow = !(f & VM_MAYSHARE) && !copied;

	if (x)
		return w ? (cow ? NT_PAGE_EXECUTE_WRITECOPY : NT_PAGE_EXECUTE_READWRITE) :
			   r ? NT_PAGE_EXECUTE_READ : NT_PAGE_EXECUTE;
	if (w)
		return cow ? NT_PAGE_WRITECOPY : NT_PAGE_READWRITE;
	return r ? NT_PAGE_READONLY : NT_PAGE_NOACCESS;
}

static u32 nts_current_protect(const struct nts_view_loc *loc, bool copied)
{
	return nts_flags_protect(loc->vm_flags, copied);
}

/*
 * The run of pages from @addr inside the VMA @loc describes with one state
 * and protection: its end, and the state and PAGE_* protection it has.
 */
static unsigned long nts_query_run(struct mm_struct *mm, const struct nts_view_loc *loc,
				   unsigned long addr, u32 *state, u32 *protect)
{
	struct nts_section *sec = loc->view->section;
	bool cow = !(loc->vm_flags & VM_MAYSHARE), committed, copied = false;
	pgoff_t first, stop;
	unsigned long end;

	first = loc->pgoff + ((addr - loc->start) >> PAGE_SHIFT);
	committed = nts_section_committed(sec, first);
	stop = nts_section_commit_run_end(sec, first,
					  loc->pgoff + ((loc->end - loc->start) >> PAGE_SHIFT));
	if (loc->view->tail) {
		pgoff_t data = nts_view_data_pages(loc->view);

		/* An extendable view: data, then the reserved tail. */
		if (first >= data)
			committed = false;
		else
			stop = min(stop, data);
	}
	end = loc->start + ((stop - loc->pgoff) << PAGE_SHIFT);
	if (cow && committed) {
		unsigned long a;

		copied = nts_page_is_private_copy(mm, addr);
		for (a = addr + PAGE_SIZE; a < end; a += PAGE_SIZE) {
			if (nts_page_is_private_copy(mm, a) != copied)
				break;
			if (!((a >> PAGE_SHIFT) & 1023)) {
				cond_resched();
				if (fatal_signal_pending(current))
					break;
			}
		}
		end = a;
	}
	*state = committed ? NT_MEM_COMMIT : NT_MEM_RESERVE;
	*protect = committed ? nts_current_protect(loc, copied) |
			       (loc->view->protect & NTS_PAGE_MODIFIER_MASK) : 0;
	return end;
}

/* How many VMAs of one view a query's region may run across. */
#define NTS_QUERY_VMAS	256

/**
 * nts_view_query() - NtQueryVirtualMemory(MemoryBasicInformation) on a view
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @info: in: @info->address; out: the rest
 *
 * The region is the run of pages from @info->address's page, inside the
 * view, with the same commit state and protection (SPEC §6), across the
 * VMAs the view is made of. Uncommitted runs are skipped
 * a bitmap chunk at a time, and page-by-page walks reschedule and stop for
 * a fatal signal, so no view size makes the call long.
 *
 * Return: an NTSTATUS; NT_STATUS_NOT_MAPPED_VIEW when the address is in no
 * view.
 */
u32 nts_view_query(struct mm_struct *mm, struct ntsection_vm_info *info)
{
	struct nts_view_loc loc, next;
	unsigned long addr, end;
	u32 status, state, protect, s2, p2;
	int n;

	if (info->address >= TASK_SIZE)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = nts_view_find(mm, info->address, &loc);
	if (status)
		return status;
	addr = ALIGN_DOWN(info->address, PAGE_SIZE);
	end = nts_query_run(mm, &loc, addr, &state, &protect);
	/*
	 * A region is the run of pages with one state and protection, whatever
	 * VMAs the view is made of (an image's regions, the parts
	 * NtProtectVirtualMemory made): it goes on into the view's next VMA.
	 */
	for (n = 0; n < NTS_QUERY_VMAS && end == loc.end; n++) {
		unsigned long next_end;

		if (fatal_signal_pending(current) || nts_view_find(mm, end, &next))
			break;
		if (next.start != end || next.view_start != loc.view_start ||
		    next.view->section != loc.view->section ||
		    (!loc.view->section->image_self && next.view != loc.view)) {
			fput(next.file);
			break;
		}
		next_end = nts_query_run(mm, &next, end, &s2, &p2);
		if (s2 != state || p2 != protect) {
			fput(next.file);
			break;
		}
		fput(loc.file);
		loc = next;
		end = next_end;
	}
	info->base_address = addr;
	info->allocation_base = loc.view_start;
	info->region_size = end - addr;
	info->allocation_protect = loc.view->protect;
	info->state = state;
	info->protect = protect;
	info->type = NT_MEM_MAPPED;
	if (loc.view->section->image_self) {
		/* One allocation, EXECUTE_WRITECOPY, whatever its regions (§10.3). */
		info->allocation_protect = (loc.view->cap & NTS_PAGE_BASE_MASK) >= NT_PAGE_EXECUTE ?
					   NT_PAGE_EXECUTE_WRITECOPY : NT_PAGE_WRITECOPY;
		info->type = NT_MEM_IMAGE;
	}
	fput(loc.file);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_query);

/* Linux memory of one allocation: adjacent VMAs of one backing. */
static bool nts_vma_same_backing(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (!a || !b || a->vm_end != b->vm_start ||
	    (a->vm_flags & VM_MAYSHARE) != (b->vm_flags & VM_MAYSHARE))
		return false;
	if (!a->vm_file || !b->vm_file)
		return !a->vm_file && !b->vm_file;
	return file_inode(a->vm_file) == file_inode(b->vm_file);
}

static u32 nts_vma_perms_protect(vm_flags_t f)
{
	bool r = f & VM_READ, w = f & VM_WRITE, x = f & VM_EXEC;

	if (x)
		return w ? NT_PAGE_EXECUTE_READWRITE : r ? NT_PAGE_EXECUTE_READ : NT_PAGE_EXECUTE;
	if (w)
		return NT_PAGE_READWRITE;
	return r ? NT_PAGE_READONLY : NT_PAGE_NOACCESS;
}

#define NTS_PERMS	(VM_READ | VM_WRITE | VM_EXEC)
/* How many VMAs one answer looks through, each way. */
#define NTS_DESCRIBE_VMAS	256

/**
 * nts_vm_describe() - NtQueryVirtualMemory(MemoryBasicInformation) of memory
 *	that is no view, for another process
 * @mm: the target's address space (a user reference)
 * @info: in: @info->address; out: the rest
 *
 * Linux memory, described as libntsection describes its own process's:
 * free memory runs to the next mapping (MEM_FREE, PAGE_NOACCESS); an
 * allocation is a run of adjacent VMAs of one backing, a region the part of
 * it with the same permissions. Anonymous memory is MEM_PRIVATE, and
 * anonymous PROT_NONE memory MEM_RESERVE (how the library reserves); shared
 * file mappings are MEM_MAPPED, private ones MEM_IMAGE. The library's own
 * records of the target's reservations stay in the target: committed
 * PAGE_NOACCESS pages read as reserved from outside.
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_INVALID_PARAMETER_2 above the
 * user address space.
 */
u32 nts_vm_describe(struct mm_struct *mm, struct ntsection_vm_info *info)
{
	unsigned long addr = ALIGN_DOWN(info->address, PAGE_SIZE);
	struct vm_area_struct *vma, *first, *v, *last;
	u32 protect;
	int n;

	if (info->address >= TASK_SIZE)
		return NT_STATUS_INVALID_PARAMETER_2;
	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	info->base_address = addr;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr) {
		info->allocation_base = 0;
		info->allocation_protect = 0;
		info->region_size = (vma ? vma->vm_start : TASK_SIZE & PAGE_MASK) - addr;
		info->state = NT_MEM_FREE;
		info->protect = NT_PAGE_NOACCESS;
		info->type = 0;
		mmap_read_unlock(mm);
		return NT_STATUS_SUCCESS;
	}
	if (nts_vma_is_placeholder(vma)) {
		nts_placeholder_describe(vma, addr, info);
		mmap_read_unlock(mm);
		return NT_STATUS_SUCCESS;
	}
	first = vma;
	for (n = 0; n < NTS_DESCRIBE_VMAS && first->vm_start; n++) {
		v = find_vma(mm, first->vm_start - 1);
		if (!nts_vma_same_backing(v, first))
			break;
		first = v;
	}
	last = vma;
	for (n = 0; n < NTS_DESCRIBE_VMAS; n++) {
		v = find_vma(mm, last->vm_end);
		if (!nts_vma_same_backing(last, v) ||
		    (v->vm_flags & NTS_PERMS) != (vma->vm_flags & NTS_PERMS))
			break;
		last = v;
	}
	protect = nts_vma_perms_protect(vma->vm_flags);
	info->allocation_base = first->vm_start;
	info->allocation_protect = nts_vma_perms_protect(first->vm_flags);
	info->region_size = last->vm_end - addr;
	info->state = NT_MEM_COMMIT;
	info->protect = protect;
	if (!vma->vm_file) {
		info->type = NT_MEM_PRIVATE;
		if (protect == NT_PAGE_NOACCESS) {
			info->state = NT_MEM_RESERVE;
			info->protect = 0;
		}
	} else {
		info->type = (vma->vm_flags & VM_MAYSHARE) ? NT_MEM_MAPPED : NT_MEM_IMAGE;
	}
	mmap_read_unlock(mm);
	return NT_STATUS_SUCCESS;
}

/*
 * The VMA at @address in the current process, under mmap_lock (read,
 * taken here): NULL for free memory, with the lock dropped.
 */
static struct vm_area_struct *nts_vma_at(struct mm_struct *mm, u64 address)
{
	struct vm_area_struct *vma;

	if (!mm || address >= TASK_SIZE || mmap_read_lock_killable(mm))
		return NULL;
	vma = find_vma(mm, address);
	if (vma && vma->vm_start <= address)
		return vma;
	mmap_read_unlock(mm);
	return NULL;
}

/* A placeholder: one reserved allocation of its own, nothing committed. */
static void nts_region_of_placeholder(const struct vm_area_struct *vma,
				      struct ntsection_memory_region_information *out)
{
	out->allocation_base = vma->vm_start;
	out->allocation_protect = NT_PAGE_NOACCESS;
	out->region_type = NT_REGION_PRIVATE | NT_REGION_PLACEHOLDER_RESERVATION;
	out->region_size = vma->vm_end - vma->vm_start;
	out->commit_size = 0;
}

/* The whole view @vma is a piece of, as MemoryRegionInformation has it. */
static void nts_region_of_view(struct mm_struct *mm, struct vm_area_struct *vma,
			       struct ntsection_memory_region_information *out)
{
	struct nts_view *view = nts_vma_view(vma);
	struct nts_section *sec = view->section;
	unsigned long start = nts_vma_view_start(vma), end = vma->vm_end;
	unsigned long limit = start + nts_view_span(view);
	struct vm_area_struct *v;
	u64 commit = 0;

	VMA_ITERATOR(vmi, mm, start);

	for_each_vma_range(vmi, v, limit) {
		if (!nts_vma_in_view(v, view, start))
			continue;
		end = max(end, v->vm_end);
		/* Pages a write copies: the process's own commit. */
		if (!(v->vm_flags & VM_MAYSHARE) && (v->vm_flags & VM_WRITE))
			commit += v->vm_end - v->vm_start;
	}
	out->allocation_base = start;
	out->allocation_protect = view->protect;
	out->region_size = end - start;
	out->commit_size = commit;
	if (sec->image_self) {
		out->allocation_protect = (view->cap & NTS_PAGE_BASE_MASK) >= NT_PAGE_EXECUTE ?
					  NT_PAGE_EXECUTE_WRITECOPY : NT_PAGE_WRITECOPY;
		out->region_type = NT_REGION_MAPPED_IMAGE;
	} else {
		out->region_type = sec->file_backed ? NT_REGION_MAPPED_DATA_FILE :
						      NT_REGION_MAPPED_PAGE_FILE;
	}
	if (sec->alloc_attrs & NT_SEC_LARGE_PAGES)
		out->region_type |= NT_REGION_PAGE_SIZE_LARGE;
}

/* Linux memory, an allocation as nts_vm_describe() makes them. */
static void nts_region_of_vmas(struct mm_struct *mm, struct vm_area_struct *vma,
			       struct ntsection_memory_region_information *out)
{
	struct vm_area_struct *first = vma, *last = vma, *v;
	u64 commit = 0;
	int n;

	for (n = 0; n < NTS_DESCRIBE_VMAS && first->vm_start; n++) {
		v = find_vma(mm, first->vm_start - 1);
		if (!nts_vma_same_backing(v, first))
			break;
		first = v;
	}
	for (n = 0; n < NTS_DESCRIBE_VMAS; n++) {
		v = find_vma(mm, last->vm_end);
		if (!nts_vma_same_backing(last, v))
			break;
		last = v;
	}
	/*
	 * Commit: anonymous memory that is not PROT_NONE (how the library
	 * reserves); private file pages a write copies; nothing of a shared
	 * mapping.
	 */
	for (v = first; v; v = v == last ? NULL : find_vma(mm, v->vm_end)) {
		if (!v->vm_file ? (v->vm_flags & NTS_PERMS) :
		    !(v->vm_flags & VM_MAYSHARE) && (v->vm_flags & VM_WRITE))
			commit += v->vm_end - v->vm_start;
	}
	out->allocation_base = first->vm_start;
	out->allocation_protect = nts_vma_perms_protect(first->vm_flags);
	out->region_size = last->vm_end - first->vm_start;
	out->commit_size = commit;
	if (!vma->vm_file)
		out->region_type = NT_REGION_PRIVATE;
	else if (!(vma->vm_flags & VM_MAYSHARE))
		out->region_type = NT_REGION_MAPPED_IMAGE;
	else if (file_inode(vma->vm_file)->i_sb->s_magic == TMPFS_MAGIC)
		out->region_type = NT_REGION_MAPPED_PAGE_FILE;
	else
		out->region_type = NT_REGION_MAPPED_DATA_FILE;
	if (is_vm_hugetlb_page(vma))
		out->region_type |= NT_REGION_PAGE_SIZE_LARGE;
}

/**
 * nts_vm_region_info() - NtQueryVirtualMemory(MemoryRegionInformation(Ex))
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @address: the address asked about
 * @out: filled: the allocation @address is in, as a whole
 *
 * A view is one allocation (all its VMAs); its CommitSize is the size of
 * its copy-on-write pages (mapped private and writable), its RegionType
 * MappedImage, MappedDataFile or MappedPageFile, with PageSizeLarge for a
 * SEC_LARGE_PAGES section. Other memory is described the way
 * nts_vm_describe() does: an allocation is a run of adjacent VMAs of one
 * backing; anonymous memory is Private and commits what is not PROT_NONE.
 * libntsection knows its own reservations better and overrides this for
 * them.
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_INVALID_ADDRESS for free memory
 * (and above the user address space, as MemoryImageInformation).
 */
u32 nts_vm_region_info(struct mm_struct *mm, u64 address,
		       struct ntsection_memory_region_information *out)
{
	struct vm_area_struct *vma;

	memset(out, 0, sizeof(*out));
	vma = nts_vma_at(mm, address);
	if (!vma)
		return NT_STATUS_INVALID_ADDRESS;
	if (nts_vma_is_live_view(vma))
		nts_region_of_view(mm, vma, out);
	else if (nts_vma_is_placeholder(vma))
		nts_region_of_placeholder(vma, out);
	else
		nts_region_of_vmas(mm, vma, out);
	mmap_read_unlock(mm);
	return NT_STATUS_SUCCESS;
}

/*
 * MEMORY_WORKING_SET_EX_BLOCK of the page at @addr, from the page tables;
 * never faults. The caller holds mmap_lock.
 */
static u64 nts_ws_page_locked(struct mm_struct *mm, unsigned long addr)
{
	struct nts_ws_page p = {};
	struct vm_area_struct *vma;
	struct folio *folio;
	struct page *page;
	bool zero;

	vma = addr < TASK_SIZE ? vma_lookup(mm, addr) : NULL;
	if (!vma)
		return 0;
	/* A page of a file or shared mapping that is not mapped: shared. */
	p.shared = vma->vm_file;
	if (nts_gup_remote_one(mm, addr, FOLL_NOFAULT, &page) != 1)
		return nts_ws_attributes(&p);
	folio = page_folio(page);
	/*
	 * Linux's zero pages (the huge one has no mapping either) stand for a
	 * private zero-filled page.
	 */
	zero = is_zero_page(page) || (!PageAnon(page) && !folio->mapping);
	p.valid = true;
	p.shared = !zero && !PageAnon(page);
	p.share_count = zero ? 1 : nts_page_mapcount(page);
	p.protect = nts_flags_protect(vma->vm_flags, !p.shared);
	if (nts_vma_is_live_view(vma))
		p.protect |= nts_vma_view(vma)->protect & NTS_PAGE_MODIFIER_MASK;
	else
		p.protect = nts_vma_perms_protect(vma->vm_flags);
	p.node = page_to_nid(page);
	p.locked = vma->vm_flags & VM_LOCKED;
	p.large = folio_test_hugetlb(folio) || folio_test_pmd_mappable(folio);
	put_page(page);
	return nts_ws_attributes(&p);
}

/**
 * nts_vm_working_set() - NtQueryVirtualMemory(MemoryWorkingSetExInformation)
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @addrs: the pages asked about
 * @attrs: out: their VirtualAttributes (NT_WS_*)
 * @n: how many
 *
 * From the page tables, without faulting anything in: a page mapped and
 * accessible is Valid, with its protection, ShareCount (its mapcount, at
 * most 7), NUMA node, Locked (an mlock()ed mapping), LargePage (a PMD-sized
 * or hugetlb page), Shared for a page that is no private copy.
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_UNSUCCESSFUL when a fatal signal
 * interrupted it.
 */
u32 nts_vm_working_set(struct mm_struct *mm, const u64 *addrs, u64 *attrs, unsigned int n)
{
	unsigned int i;

	if (mmap_read_lock_killable(mm))
		return NT_STATUS_UNSUCCESSFUL;
	for (i = 0; i < n; i++)
		attrs[i] = nts_ws_page_locked(mm, ALIGN_DOWN(addrs[i], PAGE_SIZE));
	mmap_read_unlock(mm);
	return NT_STATUS_SUCCESS;
}

/**
 * nts_view_image_info() - NtQueryVirtualMemory(MemoryImageInformation)
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @address: the address asked about
 * @out: filled: the image view's base, size and flags; zeros elsewhere
 *
 * SPEC §10.5. A view of the image's first pages only is ImagePartialMap; a
 * view of a SEC_IMAGE_NO_EXECUTE section ImageNotExecutable.
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_INVALID_ADDRESS for free memory.
 */
u32 nts_view_image_info(struct mm_struct *mm, u64 address,
			struct ntsection_memory_image_information *out)
{
	struct vm_area_struct *vma;
	struct nts_view *view;

	memset(out, 0, sizeof(*out));
	vma = nts_vma_at(mm, address);
	if (!vma)
		return NT_STATUS_INVALID_ADDRESS;
	view = nts_vma_is_live_view(vma) ? nts_vma_view(vma) : NULL;
	if (view && view->section->image_self) {
		struct nts_section *isec = view->section;

		out->image_base = nts_vma_view_start(vma);
		out->size_of_image = nts_view_end(mm, view, out->image_base) - out->image_base;
		if (out->size_of_image < isec->size)
			out->image_flags |= NT_IMAGE_PARTIAL_MAP;
		if ((view->cap & NTS_PAGE_BASE_MASK) < NT_PAGE_EXECUTE)
			out->image_flags |= NT_IMAGE_NOT_EXECUTABLE;
	}
	mmap_read_unlock(mm);
	return NT_STATUS_SUCCESS;
}

/**
 * nts_view_file_path() - the file a view at @address maps
 * @mm: the address space (the caller's, or a target's with a user reference)
 * @address: the address asked about
 * @path: on success, the file's path (path_put() it)
 *
 * For MemoryMappedFilenameInformation (SPEC §10.5): an image view names the
 * file its image was read from, a data view its section's file.
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_FILE_INVALID in a view of a
 * pagefile-backed section; NT_STATUS_INVALID_ADDRESS elsewhere.
 */
u32 nts_view_file_path(struct mm_struct *mm, u64 address, struct path *path)
{
	struct vm_area_struct *vma;
	struct nts_section *sec;
	u32 status = NT_STATUS_INVALID_ADDRESS;

	vma = nts_vma_at(mm, address);
	if (!vma)
		return status;
	if (nts_vma_is_live_view(vma)) {
		sec = nts_vma_view(vma)->section;
		status = NT_STATUS_SUCCESS;
		if (sec->image_self)
			*path = nts_vma_view(vma)->name_file->f_path;
		else if (sec->file_backed)
			*path = sec->backing->f_path;
		else
			status = NT_STATUS_FILE_INVALID;
		if (!status)
			path_get(path);
	}
	mmap_read_unlock(mm);
	return status;
}

/*
 * What NtAreMappedFilesTheSame compares: the file behind a view (an inode,
 * never dereferenced; NULL for pagefile-backed views) and the view itself.
 */
struct nts_view_ident {
	const void *inode;
	unsigned long start;
	bool image;
};

static u32 nts_view_ident(u64 address, struct nts_view_ident *id)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct nts_section *sec;
	u32 status = NT_STATUS_CONFLICTING_ADDRESSES;

	if (!address)
		return NT_STATUS_INVALID_ADDRESS;
	vma = nts_vma_at(mm, address);
	if (!vma)
		return NT_STATUS_INVALID_ADDRESS;
	if (nts_vma_is_live_view(vma)) {
		sec = nts_vma_view(vma)->section;
		id->image = sec->image_self;
		if (id->image)
			id->inode = nts_image_object_inode(sec->image_self);
		else
			id->inode = sec->file_backed ? file_inode(sec->backing) : NULL;
		id->start = nts_vma_view_start(vma);
		status = NT_STATUS_SUCCESS;
	}
	mmap_read_unlock(mm);
	return status;
}

/**
 * nts_view_same_files() - NtAreMappedFilesTheSame in the current process
 * @address1: File1MappedAsAnImage
 * @address2: File2MappedAsFile
 *
 * SPEC §10.5, as Windows answers (Wine's tests): an image view and any view
 * of the same file are the same; a data view is the same only as itself.
 *
 * Return: NT_STATUS_SUCCESS, NT_STATUS_NOT_SAME_DEVICE,
 * NT_STATUS_CONFLICTING_ADDRESSES (memory that is no view) or
 * NT_STATUS_INVALID_ADDRESS (NULL or free memory).
 */
u32 nts_view_same_files(u64 address1, u64 address2)
{
	struct nts_view_ident a = {}, b = {};
	u32 status;

	status = nts_view_ident(address1, &a);
	if (!status)
		status = nts_view_ident(address2, &b);
	if (status)
		return status;
	if (a.image)
		return a.inode == b.inode ? NT_STATUS_SUCCESS : NT_STATUS_NOT_SAME_DEVICE;
	return !b.image && a.start == b.start && a.inode == b.inode ?
	       NT_STATUS_SUCCESS : NT_STATUS_NOT_SAME_DEVICE;
}
