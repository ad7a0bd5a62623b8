/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: the parameter validators, one per operation.
 *
 * Every function declared here is pure: it reads plain values, allocates
 * nothing, takes no lock, touches no object and writes its outputs only on
 * success. The ioctl front door and the in-kernel API resolve handles and
 * files, fill in the argument structures below with what they found, and let
 * these functions decide, so that every front door returns the same status
 * for the same arguments in the same order (SPEC §1.1). Statuses are the
 * NT_STATUS_* values of <linux/ntsection.h>, as u32.
 */
#ifndef _NTSECTION_VALIDATE_H
#define _NTSECTION_VALIDATE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/ntsection.h>

/* Sizes in the Windows sense (SPEC §2); independent of the Linux PAGE_SIZE. */
#define NTS_PAGE_SIZE			0x1000ULL
#define NTS_GRANULARITY			0x10000ULL
#define NTS_LARGE_PAGE_SIZE		0x200000ULL
/* A pagefile-backed section must be smaller than this (SPEC §4). */
#define NTS_MAX_PAGEFILE_SECTION	BIT_ULL(47)

/* Protections (SPEC §3). */
#define NTS_PAGE_BASE_MASK		0xffu
#define NTS_PAGE_MODIFIER_MASK	(NT_PAGE_GUARD | NT_PAGE_NOCACHE | NT_PAGE_WRITECOMBINE)

/* What a backing file must be open for: nts_file_access_needed(). */
#define NTS_FILE_READ			0x1u
#define NTS_FILE_WRITE			0x2u

/* Allocation attributes NtCreateSection knows (SPEC §2); others are P6. */
#define NTS_SEC_KNOWN	(NT_SEC_BASED | NT_SEC_NO_CHANGE | NT_SEC_FILE | NT_SEC_IMAGE | \
			 NT_SEC_RESERVE | NT_SEC_COMMIT | NT_SEC_NOCACHE | \
			 NT_SEC_WRITECOMBINE | NT_SEC_LARGE_PAGES)

/* AllocationType bits NtMapViewOfSection accepts (SPEC §5); others are P9. */
#define NTS_MAP_ALLOC_KNOWN	(NT_MEM_RESERVE | NT_MEM_TOP_DOWN | NT_MEM_LARGE_PAGES)

/* AllocationType bits NtAllocateVirtualMemoryEx accepts (SPEC §12). */
#define NTS_ALLOC_EX_KNOWN	(NT_MEM_COMMIT | NT_MEM_RESERVE | NT_MEM_RESET | NT_MEM_TOP_DOWN | \
				 NT_MEM_WRITE_WATCH | NT_MEM_PHYSICAL | NT_MEM_LARGE_PAGES | \
				 NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER)

/* NtQuerySection (SPEC §8). */
#define NTS_SECTION_BASIC_INFORMATION	0u
#define NTS_SECTION_IMAGE_INFORMATION	1u
#define NTS_SECTION_BASIC_INFO_SIZE	24u	/* SECTION_BASIC_INFORMATION, x86-64 */
#define NTS_SECTION_IMAGE_INFO_SIZE	64u	/* SECTION_IMAGE_INFORMATION, x86-64 */

/* Names (SPEC §1.2): \BaseNamedObjects\<leaf>, lengths in UTF-16 units. */
#define NTS_NAME_DIRECTORY_LEN		16u	/* "BaseNamedObjects" */
#define NTS_NAME_MAX_LEAF		255u
#define NTS_NAME_MAX_BYTES	(2u * (1u + NTS_NAME_DIRECTORY_LEN + 1u + NTS_NAME_MAX_LEAF))

/* §3 protections and access masks. */
bool nts_protect_valid(u32 prot);
u32 nts_check_section_protect(u32 prot);
u32 nts_view_protect_allowed(u32 section_prot);
u32 nts_check_view_protect(u32 section_prot, u32 view_prot);
u32 nts_map_access_needed(u32 view_prot);
u32 nts_check_map_access(u32 granted, u32 view_prot);
u32 nts_file_access_needed(u32 section_prot, u32 alloc_attrs);
u32 nts_generic_map_access(u32 access);

/**
 * struct nts_create_args - what NtCreateSection was given, resolved
 * @alloc_attrs: AllocationAttributes (SEC_*)
 * @protect: SectionPageProtection (PAGE_*)
 * @size: MaximumSize, as the unsigned image of the LARGE_INTEGER
 * @size_given: MaximumSize was not NULL
 * @has_file: a FileHandle was given
 * @image_status: SEC_IMAGE: what checking the file's PE headers found
 *	(nts_image_parse()), NT_STATUS_SUCCESS for an image
 * @image_size: SEC_IMAGE: SizeOfImage rounded up to a page
 * @file_status: NT status of resolving FileHandle (INVALID_HANDLE,
 *	OBJECT_TYPE_MISMATCH, ...); NT_STATUS_SUCCESS when it resolved or when
 *	there is no file
 * @file_access: NTS_FILE_* the file is open for
 * @file_size: the file's current size in bytes
 * @commit_limit: bytes that may still be committed (SEC_COMMIT, pagefile)
 * @lock_limit: SeLockMemoryPrivilege for SEC_LARGE_PAGES: 0 when the caller
 *	holds it (a kernel caller, CAP_IPC_LOCK), else the most bytes it may
 *	lock (RLIMIT_MEMLOCK, at least 1)
 */
struct nts_create_args {
	u32 alloc_attrs;
	u32 protect;
	u64 size;
	bool size_given;
	bool has_file;
	u32 image_status;
	u64 image_size;
	u32 file_status;
	u32 file_access;
	u64 file_size;
	u64 commit_limit;
	u64 lock_limit;
};

/* §4 NtCreateSection. */
u32 nts_create_check_params(u32 alloc_attrs, u32 protect);
u32 nts_validate_create(const struct nts_create_args *a, u64 *out_size, bool *out_grow_file);
u32 nts_section_attributes(u32 alloc_attrs, bool file);

/**
 * struct nts_map_args - what NtMapViewOfSection was given
 * @base: *BaseAddress on entry; 0 lets the system choose
 * @zero_bits: ZeroBits (a count below 32, a mask from 32 on)
 * @commit_size: CommitSize
 * @offset: *SectionOffset, 0 when NULL
 * @view_size: *ViewSize on entry; 0 means "to the end of the section"
 * @inherit: InheritDisposition (NT_VIEW_SHARE or NT_VIEW_UNMAP)
 * @alloc_type: AllocationType (MEM_*)
 * @protect: Win32Protect (PAGE_*)
 * @user_limit: end (exclusive) of the caller's user address space, TASK_SIZE
 * @lock_limit: SeLockMemoryPrivilege for MEM_LARGE_PAGES, as struct
 *	nts_create_args has it (0: held)
 * @ex: NtMapViewOfSectionEx: MEM_REPLACE_PLACEHOLDER is an AllocationType
 *	bit it knows (NtMapViewOfSection does not, SPEC §5)
 */
struct nts_map_args {
	u64 base;
	u64 zero_bits;
	u64 commit_size;
	u64 offset;
	u64 view_size;
	u32 inherit;
	u32 alloc_type;
	u32 protect;
	u64 user_limit;
	u64 lock_limit;
	bool ex;
};

/* §5 NtMapViewOfSection: before and after the handles are resolved. */
u32 nts_zero_bits_limit(u64 zero_bits, u64 *max_addr);
u32 nts_map_check_flags(u32 inherit, u32 alloc_type, u32 protect);
u32 nts_map_check_params(const struct nts_map_args *a);
u32 nts_map_check_image(const struct nts_map_args *a, bool no_exec, u64 section_size);
u32 nts_map_check_section(const struct nts_map_args *a, u32 section_prot, u64 section_size,
			  bool file_backed, u32 section_alloc_attrs, u64 *out_view_size);

/**
 * struct nts_ext - MEM_EXTENDED_PARAMETERs, decoded (SPEC §12)
 * @present: a bit per NT_MEM_EXT_* type given
 * @low: AddressRequirements.LowestStartingAddress, 0 for none
 * @high: AddressRequirements.HighestEndingAddress (inclusive), 0 for none
 * @align: AddressRequirements.Alignment, 0 for none
 * @node: NumaNode, when given
 * @attributes: AttributeFlags
 * @machine: ImageMachine, 0 for none
 */
struct nts_ext {
	u32 present;
	u64 low;
	u64 high;
	u64 align;
	u32 node;
	u32 attributes;
	u32 machine;
};

/* §12 the Windows 10+ calls. */
u32 nts_ext_decode(const struct ntsection_mem_extended_parameter *params, u32 count,
		   const struct ntsection_mem_address_requirements *req, u64 user_limit,
		   u32 nr_nodes, struct nts_ext *out);
u32 nts_section_ext_decode(const struct ntsection_mem_extended_parameter *params, u32 count,
			   u32 nr_nodes);
u32 nts_map_ex_check(const struct nts_ext *ext, u64 base, u32 alloc_type);
u32 nts_allocate_ex_check(const struct nts_ext *ext, u64 base, u64 size, u32 type, u32 protect,
			  u64 lock_limit);
u32 nts_free_check_type(u32 type);
u32 nts_unmap_ex_check_flags(u32 flags);

/* §8 NtQuerySection, NtExtendSection. */
u32 nts_query_check_class(u32 info_class, u64 length);
u32 nts_check_query(u32 access, u32 info_class, u64 length, bool is_image);
u32 nts_check_extend(u32 access, bool file_backed, bool image, u64 cur_size, u64 new_size,
		     bool *grow);

/* §12 NtQueryVirtualMemory(MemoryRegionInformation(Ex), MemoryWorkingSetExInformation). */

/**
 * struct nts_ws_page - what the page tables say of one page
 * @valid: the page is mapped and accessible (Windows' Valid)
 * @shared: a shared page (page cache, shmem), or a not-valid page of a
 *	shared or file mapping
 * @locked: the mapping is mlock()ed
 * @large: mapped as (part of) a PMD-sized or hugetlb page
 * @share_count: how many page tables map it
 * @protect: its current PAGE_* protection
 * @node: its NUMA node
 */
struct nts_ws_page {
	bool valid;
	bool shared;
	bool locked;
	bool large;
	u32 share_count;
	u32 protect;
	u32 node;
};

u64 nts_ws_attributes(const struct nts_ws_page *p);
u32 nts_region_info_length(u64 length, bool c32, u64 *fill);

/* §1.2 names. */
u32 nts_flush_check_params(u64 base, u64 size, u64 user_limit);
u32 nts_flush_check_view(u64 base, u64 size, u64 view_start, u64 view_end, bool file_data,
			 u64 *first, u64 *len);
u32 nts_check_name_length(u32 length_bytes);

/* Object attributes and access (SPEC §1.2, porting.rst). */
#define NTS_MODE_EXPLICIT	0x8000u	/* a mode from a DACL: 0 is 0, not the default */
#define NTS_ACL_MAX_BYTES	4096u
u32 nts_check_obj_attributes(u32 attrs, bool create, bool privileged);
u32 nts_check_exclusive(u32 attrs, bool exclusive, bool owner);
u32 nts_mode_access(u32 rwx);
u32 nts_acl_to_mode(const u8 *acl, u32 size, u32 *mode);
u32 nts_check_name(const u16 *name, u32 length_bytes, bool case_insensitive,
		   u32 *leaf_start, u32 *leaf_len);
u16 nts_name_upcase(u16 c);
bool nts_name_equal(const u16 *a, u32 alen, const u16 *b, u32 blen, bool case_insensitive);
u32 nts_name_hash(const u16 *name, u32 len);

#endif /* _NTSECTION_VALIDATE_H */
