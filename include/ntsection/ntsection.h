/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: the in-kernel API, for drivers.
 *
 * The Zw* routines of Windows' "Managing Memory Sections", with NT
 * parameters and NTSTATUS results (the NT_STATUS_*, NT_PAGE_*, NT_SEC_*,
 * NT_MEM_* and NT_SECTION_* values of <linux/ntsection.h>). They run the
 * same checks, in the same order, as the ioctls of /dev/ntsection; kernel
 * callers skip only the handle access check when mapping (the protection
 * must still suit the section).
 *
 * A driver module uses them with NTSECTION_IMPORT_NS() (the symbol
 * namespace NTSECTION, whichever way the kernel spells it) and a
 * dependency on ntsection.ko. Handles are kernel handles: values in a table
 * of the module's, so a stale or twice-closed handle is detected and
 * reported (NT_STATUS_INVALID_HANDLE), never dereferenced.
 */
#ifndef _NTSECTION_NTSECTION_H
#define _NTSECTION_NTSECTION_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/ntsection.h>
#include <ntsection/compat.h>

struct file;

/**
 * struct ntsection_handle - a kernel handle to a section
 * @value: opaque; 0 is never a valid handle
 */
struct ntsection_handle {
	u32 value;
};

/* ProcessHandle: the only process a view can be mapped into for now. */
#define ZW_CURRENT_PROCESS	((void *)-1L)

/**
 * struct ntsection_object_attributes - OBJECT_ATTRIBUTES, kernel side
 * @name: the object's name in UTF-16 (an NT path such as
 *	\BaseNamedObjects\name), or NULL for none
 * @name_length: length of @name in bytes
 * @attributes: NT_OBJ_*
 */
struct ntsection_object_attributes {
	const u16 *name;
	u32 name_length;
	u32 attributes;
};

/**
 * struct ntsection_io_status - IO_STATUS_BLOCK, kernel side
 * @status: the NTSTATUS of the I/O
 * @information: its byte count
 */
struct ntsection_io_status {
	u32 status;
	size_t information;
};

u32 zw_create_section(struct ntsection_handle *section_handle, u32 desired_access,
		      const struct ntsection_object_attributes *object_attributes,
		      const s64 *maximum_size, u32 section_page_protection,
		      u32 allocation_attributes, struct file *file);
u32 zw_open_section(struct ntsection_handle *section_handle, u32 desired_access,
		    const struct ntsection_object_attributes *object_attributes);
u32 zw_map_view_of_section(struct ntsection_handle section_handle, void *process_handle,
			   void __user **base_address, unsigned long zero_bits,
			   size_t commit_size, s64 *section_offset, size_t *view_size,
			   u32 inherit_disposition, u32 allocation_type, u32 win32_protect);
u32 zw_unmap_view_of_section(void *process_handle, void __user *base_address);
u32 zw_map_view_of_section_ex(struct ntsection_handle section_handle, void *process_handle,
			      void __user **base_address, s64 *section_offset,
			      size_t *view_size, u32 allocation_type, u32 page_protection,
			      const struct ntsection_mem_extended_parameter *params,
			      u32 parameter_count);
u32 zw_unmap_view_of_section_ex(void *process_handle, void __user *base_address, u32 flags);
u32 zw_allocate_virtual_memory_ex(void *process_handle, void __user **base_address,
				  size_t *region_size, u32 allocation_type, u32 page_protection,
				  const struct ntsection_mem_extended_parameter *params,
				  u32 parameter_count);
u32 zw_free_virtual_memory(void *process_handle, void __user **base_address,
			   size_t *region_size, u32 free_type);
u32 zw_query_section(struct ntsection_handle section_handle, u32 information_class,
		     void *information, size_t length, size_t *result_length);
u32 zw_extend_section(struct ntsection_handle section_handle, s64 *new_section_size);
u32 zw_close(struct ntsection_handle handle);
u32 zw_flush_virtual_memory(void *process_handle, void __user **base_address,
			    size_t *region_size, struct ntsection_io_status *io_status);
u32 zw_map_view_in_system_space(struct ntsection_handle section_handle, void **mapped_base,
				size_t *view_size);
u32 zw_unmap_view_in_system_space(void *mapped_base);

#endif /* _NTSECTION_NTSECTION_H */
