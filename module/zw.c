// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: the in-kernel API (include/ntsection/ntsection.h), the door
 * the seed's "Managing Memory Sections" is written for.
 *
 * Every routine runs the same validators and the same core as the ioctls
 * of /dev/ntsection. A kernel handle is a value in a table that maps it to
 * a section handle file, the same object an fd refers to: closing the
 * handle drops the file, and mapping goes through the file's ->mmap. A
 * stale or twice-closed handle misses the table and is reported, never
 * dereferenced.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/pagemap.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include <ntsection/ntsection.h>

#include "internal.h"
#include "validate.h"

/**
 * struct nts_khandle - a kernel handle
 * @section: the section, with a reference and a handle count of its own,
 *	dropped at once by zw_close() (a file's release may be deferred)
 * @file: an uncounted section file that views are mapped through
 */
struct nts_khandle {
	struct nts_section *section;
	struct file *file;
};

/* Kernel handles: value -> struct nts_khandle. */
static DEFINE_XARRAY_ALLOC1(nts_khandles);
static u32 nts_khandle_next;

/**
 * struct nts_system_view - a view in the kernel's address space
 * @section: the section (one reference)
 * @pages: the pages, pinned for the view's life
 * @npages: how many
 * @addr: where vmap() put them
 * @writable: mapped writable (a section whose protection and file allow
 *	writing); only then are the pages dirtied when the view goes
 */
struct nts_system_view {
	struct nts_section *section;
	struct page **pages;
	unsigned long npages;
	void *addr;
	bool writable;
};

/* System-space views by address (in pages). */
static DEFINE_XARRAY(nts_system_views);

/* Make a kernel handle; takes over @sec's reference and handle count. */
static u32 nts_khandle_new(struct nts_section *sec, u32 access, struct ntsection_handle *h)
{
	struct nts_khandle *kh;
	u32 id;
	int err;

	kh = kzalloc(sizeof(*kh), GFP_KERNEL_ACCOUNT);
	if (!kh)
		goto fail;
	kh->section = sec;
	kh->file = nts_handle_file(sec, access, false);
	if (IS_ERR(kh->file))
		goto fail;
	/* Cyclic: a closed handle's value is not soon given to another. */
	err = xa_alloc_cyclic(&nts_khandles, &id, kh, XA_LIMIT(1, U32_MAX),
			      &nts_khandle_next, GFP_KERNEL_ACCOUNT);
	if (err >= 0) {
		nts_count(NTS_CNT_KERNEL_HANDLES, 1);
		h->value = id;
		return NT_STATUS_SUCCESS;
	}
	fput(kh->file);
fail:
	kfree(kh);
	nts_section_handle_closed(sec);
	return NT_STATUS_INSUFFICIENT_RESOURCES;
}

/* The file behind a kernel handle, with a reference, or NULL (reported). */
static struct file *nts_khandle_get(struct ntsection_handle h, const char *fn, void *caller)
{
	struct nts_khandle *kh;
	struct file *file = NULL;

	xa_lock(&nts_khandles);
	kh = xa_load(&nts_khandles, h.value);
	if (kh)
		file = get_file(kh->file);
	xa_unlock(&nts_khandles);
	if (!file)
		pr_err_ratelimited("%s: invalid handle %#x from %pS\n", fn, h.value, caller);
	return file;
}

static struct nts_handle *nts_khandle_of(struct file *file)
{
	return file->private_data;
}

static u32 nts_check_kernel_process(void *process)
{
	if (process == ZW_CURRENT_PROCESS)
		return current->mm ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_HANDLE;
	return NT_STATUS_INVALID_HANDLE;
}

/**
 * zw_create_section() - ZwCreateSection
 * @section_handle: out: the new kernel handle (set on success only)
 * @desired_access: the handle's access (NT_SECTION_*, NT_GENERIC_*)
 * @object_attributes: name and NT_OBJ_* attributes, or NULL
 * @maximum_size: the size in bytes, or NULL (file-backed: the file's size)
 * @section_page_protection: NT_PAGE_*
 * @allocation_attributes: NT_SEC_*
 * @file: the backing file (the caller keeps its reference; the section
 *	takes its own), or NULL for a pagefile-backed section
 *
 * The checks and statuses are those of NtCreateSection (SPEC §4).
 *
 * Context: process context; may sleep.
 * Return: an NTSTATUS.
 */
u32 zw_create_section(struct ntsection_handle *section_handle, u32 desired_access,
		      const struct ntsection_object_attributes *object_attributes,
		      const s64 *maximum_size, u32 section_page_protection,
		      u32 allocation_attributes, struct file *file)
{
	struct nts_create_req req = {
		.protect = section_page_protection,
		.alloc_attrs = allocation_attributes,
		.file = file,
		.size = maximum_size ? (u64)*maximum_size : 0,
		.size_given = maximum_size,
		.kernel = true,
	};
	struct nts_section *sec;
	u32 status, created;

	if (!section_handle)
		return NT_STATUS_INVALID_PARAMETER_1;
	req.access = nts_section_access(desired_access);
	if (object_attributes) {
		req.obj_attrs = object_attributes->attributes;
		if (object_attributes->name && object_attributes->name_length) {
			if (object_attributes->name_length > NTS_NAME_MAX_BYTES)
				req.name_status = NT_STATUS_OBJECT_NAME_INVALID;
			else
				req.name = object_attributes->name;
			req.name_len = object_attributes->name_length;
		}
	}
	created = nts_section_create(&req, &sec);
	if (!nt_success(created))
		return created;
	status = nts_khandle_new(sec, req.granted, section_handle);
	return status ? status : created;
}
EXPORT_SYMBOL_NTS(zw_create_section);

/**
 * zw_open_section() - ZwOpenSection
 * @section_handle: out: the new kernel handle (set on success only)
 * @desired_access: the handle's access
 * @object_attributes: the name (required) and NT_OBJ_* attributes
 *
 * Context: process context; the caller's IPC namespace holds the name.
 * Return: an NTSTATUS.
 */
u32 zw_open_section(struct ntsection_handle *section_handle, u32 desired_access,
		    const struct ntsection_object_attributes *object_attributes)
{
	struct nts_section *sec;
	u32 status, granted;

	if (!section_handle)
		return NT_STATUS_INVALID_PARAMETER_1;
	if (!object_attributes || !object_attributes->name)
		return NT_STATUS_OBJECT_NAME_INVALID;
	status = nts_check_name_length(object_attributes->name_length);
	if (status)
		return status;
	status = nts_section_open(object_attributes->name, object_attributes->name_length,
				  object_attributes->attributes, desired_access, &sec, &granted);
	if (status)
		return status;
	return nts_khandle_new(sec, granted, section_handle);
}
EXPORT_SYMBOL_NTS(zw_open_section);

static u32 nts_zw_map(struct ntsection_handle section_handle, void *process_handle,
		      void __user **base_address, unsigned long zero_bits,
		      size_t commit_size, s64 *section_offset, size_t *view_size,
		      u32 inherit_disposition, u32 allocation_type, u32 win32_protect,
		      const struct nts_ext *ext, bool ex);

/**
 * zw_map_view_of_section() - ZwMapViewOfSection into the current process
 * @section_handle: the section
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: in/out: where the view starts (NULL: the system chooses)
 * @zero_bits: ZeroBits
 * @commit_size: CommitSize
 * @section_offset: in: the offset in the section, or NULL for 0
 * @view_size: in/out: the size (0: to the end of the section)
 * @inherit_disposition: NT_VIEW_SHARE or NT_VIEW_UNMAP
 * @allocation_type: NT_MEM_*
 * @win32_protect: NT_PAGE_*
 *
 * The checks are those of NtMapViewOfSection (SPEC §5) except the handle's
 * access, which kernel callers skip; the protection must suit the section.
 * A driver calls it from its own ioctl or mmap path, in the process that
 * is to see the view, and hands *@base_address to userspace.
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS; the outputs are written on success only.
 */
u32 zw_map_view_of_section(struct ntsection_handle section_handle, void *process_handle,
			   void __user **base_address, unsigned long zero_bits,
			   size_t commit_size, s64 *section_offset, size_t *view_size,
			   u32 inherit_disposition, u32 allocation_type, u32 win32_protect)
{
	static const struct nts_ext none;

	return nts_zw_map(section_handle, process_handle, base_address, zero_bits, commit_size,
			  section_offset, view_size, inherit_disposition, allocation_type,
			  win32_protect, &none, false);
}
EXPORT_SYMBOL_NTS(zw_map_view_of_section);

/* A kernel caller's MEM_EXTENDED_PARAMETERs (kernel pointers), decoded. */
static u32 nts_kext_decode(const struct ntsection_mem_extended_parameter *params, u32 count,
			   struct nts_ext *ext)
{
	const struct ntsection_mem_address_requirements *req = NULL;
	u32 n = min_t(u32, count, NTSECTION_MAX_EXT_PARAMS + 1), i;

	for (i = 0; params && i < n; i++) {
		if ((params[i].type & (BIT(NT_MEM_EXT_TYPE_BITS) - 1)) ==
		    NT_MEM_EXT_ADDRESS_REQUIREMENTS) {
			req = (const void *)(uintptr_t)params[i].value;
			break;
		}
	}
	return nts_ext_decode(params, n, req, TASK_SIZE, nr_node_ids, ext);
}

/**
 * zw_map_view_of_section_ex() - ZwMapViewOfSectionEx into the current process
 * @section_handle: the section
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: in/out: where the view starts (NULL: the system chooses)
 * @section_offset: in: the offset in the section, or NULL for 0
 * @view_size: in/out: the size (0: to the end of the section)
 * @allocation_type: NT_MEM_*; NT_MEM_REPLACE_PLACEHOLDER maps the view over
 *	the placeholder at *@base_address, which must be exactly its size
 * @page_protection: NT_PAGE_*
 * @params: MEM_EXTENDED_PARAMETERs in kernel memory (an
 *	AddressRequirements entry points to kernel memory too), or NULL
 * @parameter_count: how many entries @params has
 *
 * The checks of NtMapViewOfSectionEx (SPEC §12), then those of
 * zw_map_view_of_section(). The view is ViewUnmap.
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS; the outputs are written on success only.
 */
u32 zw_map_view_of_section_ex(struct ntsection_handle section_handle, void *process_handle,
			      void __user **base_address, s64 *section_offset,
			      size_t *view_size, u32 allocation_type, u32 page_protection,
			      const struct ntsection_mem_extended_parameter *params,
			      u32 parameter_count)
{
	struct nts_ext ext;
	u32 status;

	status = nts_kext_decode(params, parameter_count, &ext);
	if (status)
		return status;
	if (!base_address)
		return NT_STATUS_INVALID_PARAMETER_3;
	status = nts_map_ex_check(&ext, (unsigned long)*base_address, allocation_type);
	if (status)
		return status;
	return nts_zw_map(section_handle, process_handle, base_address, 0, 0, section_offset,
			  view_size, NT_VIEW_UNMAP, allocation_type, page_protection, &ext, true);
}
EXPORT_SYMBOL_NTS(zw_map_view_of_section_ex);

/**
 * zw_unmap_view_of_section_ex() - ZwUnmapViewOfSectionEx in the current process
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: any address inside the view
 * @flags: NT_MEM_PRESERVE_PLACEHOLDER (a view that replaced a placeholder
 *	becomes it again), NT_MEM_UNMAP_WITH_TRANSIENT_BOOST (a hint)
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS: NT_STATUS_NOT_MAPPED_VIEW outside views,
 * NT_STATUS_CONFLICTING_ADDRESSES for MEM_PRESERVE_PLACEHOLDER on a view
 * that did not replace a placeholder, NT_STATUS_INVALID_PARAMETER for an
 * unknown flag.
 */
u32 zw_unmap_view_of_section_ex(void *process_handle, void __user *base_address, u32 flags)
{
	u32 status = nts_unmap_ex_check_flags(flags);

	if (!status)
		status = nts_check_kernel_process(process_handle);
	if (status)
		return status;
	return nts_view_unmap_ex((unsigned long)base_address, flags);
}
EXPORT_SYMBOL_NTS(zw_unmap_view_of_section_ex);

/**
 * zw_allocate_virtual_memory_ex() - ZwAllocateVirtualMemoryEx in the current
 *	process: placeholders, and commits in views
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: in/out: the start (NULL: the system chooses)
 * @region_size: in/out: the size
 * @allocation_type: NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER (a
 *	placeholder, PAGE_NOACCESS), or NT_MEM_COMMIT in a view
 * @page_protection: NT_PAGE_*
 * @params: MEM_EXTENDED_PARAMETERs in kernel memory, or NULL
 * @parameter_count: how many entries @params has
 *
 * Every argument is checked as NtAllocateVirtualMemoryEx checks it (SPEC
 * §12). Private memory is not the kernel's to make (userspace's
 * libntsection keeps it): other requests are NOT_SUPPORTED.
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS; the outputs are written on success only.
 */
u32 zw_allocate_virtual_memory_ex(void *process_handle, void __user **base_address,
				  size_t *region_size, u32 allocation_type, u32 page_protection,
				  const struct ntsection_mem_extended_parameter *params,
				  u32 parameter_count)
{
	u64 base, size;
	struct nts_ext ext;
	u32 status, result;

	if (!base_address || !region_size)
		return NT_STATUS_ACCESS_VIOLATION;
	base = (unsigned long)*base_address;
	size = *region_size;
	status = nts_kext_decode(params, parameter_count, &ext);
	if (!status)
		status = nts_allocate_ex_check(&ext, base, size, allocation_type, page_protection,
					       nts_lock_limit(true));
	if (!status)
		status = nts_check_kernel_process(process_handle);
	if (status)
		return status;
	if (allocation_type == NT_MEM_COMMIT) {
		status = nts_view_commit(&base, &size, page_protection, 0);
		if (status == NT_STATUS_NOT_MAPPED_VIEW)
			status = NT_STATUS_NOT_SUPPORTED;
	} else if (allocation_type & NT_MEM_RESERVE_PLACEHOLDER) {
		status = nts_placeholder_allocate(&base, &size, allocation_type, &ext, &result);
	} else {
		status = NT_STATUS_NOT_SUPPORTED;
	}
	if (status)
		return status;
	*base_address = (void __user *)(unsigned long)base;
	*region_size = size;
	return status;
}
EXPORT_SYMBOL_NTS(zw_allocate_virtual_memory_ex);

/**
 * zw_free_virtual_memory() - ZwFreeVirtualMemory of placeholders in the
 *	current process
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: in/out: the start
 * @region_size: in/out: the size (0: the whole placeholder, from its start)
 * @free_type: NT_MEM_RELEASE, with NT_MEM_PRESERVE_PLACEHOLDER (split) or
 *	NT_MEM_COALESCE_PLACEHOLDERS (coalesce), or NT_MEM_DECOMMIT
 *
 * The placeholder rules of NtFreeVirtualMemory (SPEC §12). A view is never
 * freed (NT_STATUS_UNABLE_TO_DELETE_SECTION: unmap it); memory that is no
 * placeholder is not the kernel's: NT_STATUS_MEMORY_NOT_ALLOCATED.
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS; the outputs are written on success only.
 */
u32 zw_free_virtual_memory(void *process_handle, void __user **base_address,
			   size_t *region_size, u32 free_type)
{
	u64 base, size;
	u32 status;

	if (!base_address || !region_size)
		return NT_STATUS_ACCESS_VIOLATION;
	status = nts_free_check_type(free_type);
	if (!status)
		status = nts_check_kernel_process(process_handle);
	if (status)
		return status;
	base = (unsigned long)*base_address;
	size = *region_size;
	status = nts_view_free(current->mm, base);
	if (status != NT_STATUS_NOT_MAPPED_VIEW)
		return status;
	status = nts_placeholder_free(&base, &size, free_type);
	if (status == NT_STATUS_NOT_MAPPED_VIEW)
		return NT_STATUS_MEMORY_NOT_ALLOCATED;
	if (status)
		return status;
	*base_address = (void __user *)(unsigned long)base;
	*region_size = size;
	return status;
}
EXPORT_SYMBOL_NTS(zw_free_virtual_memory);

/* zw_map_view_of_section() and zw_map_view_of_section_ex(): @ext decoded. */
static u32 nts_zw_map(struct ntsection_handle section_handle, void *process_handle,
		      void __user **base_address, unsigned long zero_bits,
		      size_t commit_size, s64 *section_offset, size_t *view_size,
		      u32 inherit_disposition, u32 allocation_type, u32 win32_protect,
		      const struct nts_ext *ext, bool ex)
{
	struct nts_map_request req = {
		.kernel = true,
		.zero_bits = zero_bits,
		.commit_size = commit_size,
		.inherit = inherit_disposition,
		.alloc_type = allocation_type,
		.protect = win32_protect,
	};
	struct nts_map_args check;
	struct file *file;
	u32 status;

	if (!base_address)
		return NT_STATUS_INVALID_PARAMETER_3;
	if (!view_size)
		return NT_STATUS_INVALID_PARAMETER_7;
	req.base = (unsigned long)*base_address;
	req.offset = section_offset ? (u64)*section_offset : 0;
	req.view_size = *view_size;
	check = (struct nts_map_args) {
		.base = req.base, .zero_bits = req.zero_bits,
		.commit_size = req.commit_size, .offset = req.offset,
		.view_size = req.view_size, .inherit = req.inherit,
		.alloc_type = req.alloc_type, .protect = req.protect,
		.user_limit = TASK_SIZE, .ex = ex,
	};
	status = nts_map_check_params(&check);
	if (status)
		return status;
	status = nts_check_kernel_process(process_handle);
	if (status)
		return status;
	file = nts_khandle_get(section_handle, __func__, __builtin_return_address(0));
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	req.section = nts_khandle_of(file)->section;
	req.access = nts_khandle_of(file)->access;
	req.low = ext->low;
	req.high = ext->high;
	status = nts_view_map(&req);
	fput(file);
	if (!nt_success(status))
		return status;
	*base_address = (void __user *)(unsigned long)req.base;
	*view_size = req.view_size;
	return status;
}

/**
 * zw_unmap_view_of_section() - ZwUnmapViewOfSection in the current process
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: any address inside the view
 *
 * Context: process context with an mm; takes the mmap lock.
 * Return: an NTSTATUS (NT_STATUS_NOT_MAPPED_VIEW outside views).
 */
u32 zw_unmap_view_of_section(void *process_handle, void __user *base_address)
{
	u32 status = nts_check_kernel_process(process_handle);

	if (status)
		return status;
	return nts_view_unmap_ex((unsigned long)base_address, 0);
}
EXPORT_SYMBOL_NTS(zw_unmap_view_of_section);

/**
 * zw_query_section() - ZwQuerySection
 * @section_handle: the section
 * @information_class: NT_SECTION_BASIC_INFORMATION or NT_SECTION_IMAGE_INFORMATION
 * @information: a kernel buffer (struct ntsection_basic_information or
 *	struct ntsection_image_information)
 * @length: its size in bytes
 * @result_length: out: bytes written, or NULL
 *
 * Context: any process context.
 * Return: an NTSTATUS.
 */
u32 zw_query_section(struct ntsection_handle section_handle, u32 information_class,
		     void *information, size_t length, size_t *result_length)
{
	union nts_section_info info;
	struct file *file;
	u64 ret_len = 0;
	u32 status;

	status = nts_query_check_class(information_class, length);
	if (status)
		return status;
	if (!information)
		return NT_STATUS_ACCESS_VIOLATION;
	file = nts_khandle_get(section_handle, __func__, __builtin_return_address(0));
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	status = nts_section_query(nts_khandle_of(file)->section, NT_SECTION_ALL_ACCESS,
				   information_class, &info, length, &ret_len);
	fput(file);
	if (status)
		return status;
	memcpy(information, &info, ret_len);
	if (result_length)
		*result_length = ret_len;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_NTS(zw_query_section);

/**
 * zw_extend_section() - ZwExtendSection
 * @section_handle: the section
 * @new_section_size: in: the new size; out: the section's size
 *
 * Context: process context; may sleep.
 * Return: an NTSTATUS.
 */
u32 zw_extend_section(struct ntsection_handle section_handle, s64 *new_section_size)
{
	struct file *file;
	u64 size;
	u32 status;

	if (!new_section_size)
		return NT_STATUS_INVALID_PARAMETER_2;
	file = nts_khandle_get(section_handle, __func__, __builtin_return_address(0));
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	size = *new_section_size;
	status = nts_section_extend(nts_khandle_of(file)->section, NT_SECTION_ALL_ACCESS, &size);
	fput(file);
	if (!status)
		*new_section_size = size;
	return status;
}
EXPORT_SYMBOL_NTS(zw_extend_section);

/**
 * zw_close() - ZwClose on a section handle
 * @handle: the handle
 *
 * Views mapped through the handle stay; the section lives as long as they
 * do. Closing a handle twice, or a value that never was one, is reported.
 *
 * Context: process context.
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_HANDLE.
 */
u32 zw_close(struct ntsection_handle handle)
{
	struct nts_khandle *kh = handle.value ? xa_erase(&nts_khandles, handle.value) : NULL;

	if (!kh) {
		pr_err_ratelimited("%s: invalid handle %#x from %pS\n", __func__, handle.value,
				   __builtin_return_address(0));
		return NT_STATUS_INVALID_HANDLE;
	}
	fput(kh->file);
	nts_section_handle_closed(kh->section);
	kfree(kh);
	nts_count(NTS_CNT_KERNEL_HANDLES, -1);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_NTS(zw_close);

/**
 * zw_flush_virtual_memory() - ZwFlushVirtualMemory in the current process
 * @process_handle: ZW_CURRENT_PROCESS
 * @base_address: in/out: an address in a view of a file; rounded down to a
 *	page
 * @region_size: in/out: the bytes to flush, 0 for the rest of the view;
 *	the page-rounded size flushed
 * @io_status: out: the writeback's status and the bytes of the range
 *
 * The dirty pages of the range are written to the file and waited for.
 * The checks and statuses are those of NtFlushVirtualMemory (struct
 * ntsection_flush_args): INVALID_PARAMETER_2, INVALID_HANDLE,
 * NOT_MAPPED_VIEW, NOT_MAPPED_DATA, or a write error's status. The outputs
 * are written once the writeback ran (success or a write error).
 *
 * Context: process context with an mm; takes the mmap lock; sleeps for I/O.
 * Return: an NTSTATUS.
 */
u32 zw_flush_virtual_memory(void *process_handle, void __user **base_address,
			    size_t *region_size, struct ntsection_io_status *io_status)
{
	bool ran = false;
	u64 base, size;
	u32 status;

	if (!base_address || !region_size || !io_status)
		return NT_STATUS_ACCESS_VIOLATION;
	base = (unsigned long)*base_address;
	size = *region_size;
	status = nts_flush_check_params(base, size, TASK_SIZE);
	if (!status)
		status = nts_check_kernel_process(process_handle);
	if (status)
		return status;
	status = nts_view_flush(current->mm, &base, &size, &ran);
	if (ran) {
		*base_address = (void __user *)(unsigned long)base;
		*region_size = size;
		io_status->status = status;
		io_status->information = size;
	}
	return status;
}
EXPORT_SYMBOL_NTS(zw_flush_virtual_memory);

static struct page *nts_section_page(struct nts_section *sec, pgoff_t index)
{
	struct address_space *mapping = sec->backing->f_mapping;

	if (!sec->file_backed)
		return shmem_read_mapping_page(mapping, index);
	return read_mapping_page(mapping, index, sec->backing);
}

static void nts_system_view_free(struct nts_system_view *sv, unsigned long pinned)
{
	unsigned long i;

	if (sv->addr)
		vunmap(sv->addr);
	for (i = 0; i < pinned; i++) {
		if (sv->writable)
			set_page_dirty_lock(sv->pages[i]);
		put_page(sv->pages[i]);
	}
	kvfree(sv->pages);
	nts_section_put(sv->section);
	kfree(sv);
}

/**
 * zw_map_view_in_system_space() - map a section into the kernel's address
 *	space (the MmMapViewInSystemSpace idea)
 * @section_handle: the section
 * @mapped_base: out: the kernel address of the view
 * @view_size: in/out: bytes from the start of the section (0: all of it);
 *	on return, rounded up to a page
 *
 * The pages are allocated (and, for SEC_RESERVE sections, committed for the
 * whole section) and pinned for the view's life, so a driver and the
 * processes that map the section share a buffer. The view is read-only
 * unless the section's protection allows writing and, for a file-backed
 * section, its file is open for writing.
 *
 * Context: process context; may sleep.
 * Return: an NTSTATUS.
 */
u32 zw_map_view_in_system_space(struct ntsection_handle section_handle, void **mapped_base,
				size_t *view_size)
{
	struct nts_system_view *sv;
	struct nts_section *sec;
	unsigned long i = 0;
	struct file *file;
	u64 size;
	u32 status;
	int err;

	if (!mapped_base)
		return NT_STATUS_INVALID_PARAMETER_2;
	if (!view_size)
		return NT_STATUS_INVALID_PARAMETER_3;
	file = nts_khandle_get(section_handle, __func__, __builtin_return_address(0));
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	sec = nts_khandle_of(file)->section;
	nts_section_get(sec);
	fput(file);

	/* An image's view is a process's, region by region (SPEC §10.3). */
	if (sec->image) {
		nts_section_put(sec);
		return NT_STATUS_NOT_IMPLEMENTED;
	}
	size = READ_ONCE(sec->size);
	if (*view_size > size) {
		nts_section_put(sec);
		return NT_STATUS_INVALID_VIEW_SIZE;
	}
	if (*view_size)
		size = *view_size;
	size = PAGE_ALIGN(size);
	sv = kzalloc(sizeof(*sv), GFP_KERNEL_ACCOUNT);
	if (!sv) {
		nts_section_put(sec);
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	}
	sv->section = sec;
	sv->writable = nts_section_writable(sec);
	sv->npages = size >> PAGE_SHIFT;
	sv->pages = kvcalloc(sv->npages, sizeof(*sv->pages), GFP_KERNEL_ACCOUNT);
	status = NT_STATUS_INSUFFICIENT_RESOURCES;
	if (!sv->pages)
		goto fail;
	status = nts_section_commit(sec, 0, sv->npages);
	if (status)
		goto fail;
	for (i = 0; i < sv->npages; i++) {
		struct page *page = nts_section_page(sec, i);

		if (IS_ERR(page)) {
			status = nts_errno_to_status(PTR_ERR(page), NT_STATUS_NO_MEMORY);
			goto fail;
		}
		sv->pages[i] = page;
	}
	sv->addr = vmap(sv->pages, sv->npages, VM_MAP, sv->writable ? PAGE_KERNEL : PAGE_KERNEL_RO);
	if (!sv->addr)
		goto fail;
	err = xa_insert(&nts_system_views, (unsigned long)sv->addr >> PAGE_SHIFT, sv,
			GFP_KERNEL_ACCOUNT);
	if (err)
		goto fail;
	nts_count(NTS_CNT_SYSTEM_VIEWS, 1);
	*mapped_base = sv->addr;
	*view_size = size;
	return NT_STATUS_SUCCESS;

fail:
	nts_system_view_free(sv, i);
	return status;
}
EXPORT_SYMBOL_NTS(zw_map_view_in_system_space);

/**
 * zw_unmap_view_in_system_space() - undo zw_map_view_in_system_space()
 * @mapped_base: the address it returned
 *
 * Context: process context; may sleep.
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_NOT_MAPPED_VIEW for an address
 * that is not a system-space view.
 */
u32 zw_unmap_view_in_system_space(void *mapped_base)
{
	unsigned long key = (unsigned long)mapped_base >> PAGE_SHIFT;
	struct nts_system_view *sv;

	xa_lock(&nts_system_views);
	sv = xa_load(&nts_system_views, key);
	if (sv && sv->addr == mapped_base)
		__xa_erase(&nts_system_views, key);
	else
		sv = NULL;
	xa_unlock(&nts_system_views);
	if (!sv) {
		pr_err_ratelimited("%s: %p is not a view, from %pS\n", __func__, mapped_base,
				   __builtin_return_address(0));
		return NT_STATUS_NOT_MAPPED_VIEW;
	}
	nts_system_view_free(sv, sv->npages);
	nts_count(NTS_CNT_SYSTEM_VIEWS, -1);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_NTS(zw_unmap_view_in_system_space);
