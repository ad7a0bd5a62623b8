// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: the parameter validators, one per operation.
 *
 * Pure functions over plain values: no allocation, no lock, no object, no
 * user memory. Each one performs the checks of one NT call in the order
 * SPEC.md gives (the section is cited at every step), returns the first
 * failing NT_STATUS_* and writes its outputs only on success. Handle and file
 * resolution belong to the callers; where the order puts them in the middle
 * of the parameter checks the validator is split around them (map, query).
 */
#include <linux/align.h>
#include <linux/bitops.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/minmax.h>

#include "internal.h"
#include "validate.h"

/* ZeroBits as a count: 1..21 are usable, 22..31 are INVALID_PARAMETER_4 (SPEC §5). */
#define NTS_ZERO_BITS_MAX	21u

static inline u64 nts_round_up(u64 value, u64 align)
{
	return (value + align - 1) & ~(align - 1);
}

/* The base value of a protection: the low byte, modifiers stripped. */
static inline u32 nts_prot_base(u32 prot)
{
	return prot & NTS_PAGE_BASE_MASK;
}

/* Protections under which a file-backed section may grow its file (SPEC §4). */
static bool nts_prot_writable(u32 prot)
{
	return prot == NT_PAGE_READWRITE || prot == NT_PAGE_EXECUTE_READWRITE;
}

/**
 * nts_protect_valid() - is @prot a well-formed page protection (SPEC §3)?
 * @prot: a PAGE_* value as passed by the caller
 *
 * Valid means exactly one base value (one bit of 0x01..0x80) plus at most
 * the modifiers GUARD, NOCACHE and WRITECOMBINE, where GUARD excludes
 * NOACCESS, NOCACHE and WRITECOMBINE; NOCACHE excludes NOACCESS and
 * WRITECOMBINE; WRITECOMBINE excludes NOACCESS. Any other bit is invalid.
 *
 * Return: true when valid; callers report STATUS_INVALID_PAGE_PROTECTION
 * otherwise.
 */
bool nts_protect_valid(u32 prot)
{
	u32 base = nts_prot_base(prot);
	u32 mod = prot & NTS_PAGE_MODIFIER_MASK;
	bool noaccess = base == NT_PAGE_NOACCESS;

	if (prot & ~(NTS_PAGE_BASE_MASK | NTS_PAGE_MODIFIER_MASK))
		return false;
	if (!base || (base & (base - 1)))
		return false;
	if ((mod & NT_PAGE_GUARD) &&
	    (noaccess || (mod & (NT_PAGE_NOCACHE | NT_PAGE_WRITECOMBINE))))
		return false;
	if ((mod & NT_PAGE_NOCACHE) && (noaccess || (mod & NT_PAGE_WRITECOMBINE)))
		return false;
	if ((mod & NT_PAGE_WRITECOMBINE) && noaccess)
		return false;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(nts_protect_valid);

/**
 * nts_check_section_protect() - validate a section's creation protection
 * @prot: SectionPageProtection of NtCreateSection
 *
 * SPEC §3: any base value but NOACCESS and no modifier (SEC_NOCACHE, not
 * PAGE_NOCACHE, is how a section gets uncached pages).
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PAGE_PROTECTION.
 */
u32 nts_check_section_protect(u32 prot)
{
	if (!nts_protect_valid(prot) || (prot & NTS_PAGE_MODIFIER_MASK) ||
	    prot == NT_PAGE_NOACCESS)
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_section_protect);

/**
 * nts_view_protect_allowed() - base view protections a section allows
 * @section_prot: the section's creation protection (a valid one)
 *
 * SPEC §3 compatibility table: READONLY and WRITECOPY allow NOACCESS,
 * READONLY, WRITECOPY; READWRITE those and READWRITE; EXECUTE allows
 * NOACCESS and EXECUTE; EXECUTE_READ allows NOACCESS, READONLY, WRITECOPY,
 * EXECUTE, EXECUTE_READ; EXECUTE_WRITECOPY those and EXECUTE_WRITECOPY;
 * EXECUTE_READWRITE allows every base value. NtProtectVirtualMemory on a
 * view is capped by the same table (SPEC §6).
 *
 * Return: a mask of PAGE_* base values; 0 for anything that is not a valid
 * section protection.
 */
u32 nts_view_protect_allowed(u32 section_prot)
{
	const u32 ro = NT_PAGE_NOACCESS | NT_PAGE_READONLY | NT_PAGE_WRITECOPY;
	const u32 xr = ro | NT_PAGE_EXECUTE | NT_PAGE_EXECUTE_READ;

	switch (section_prot) {
	case NT_PAGE_READONLY:
	case NT_PAGE_WRITECOPY:
		return ro;
	case NT_PAGE_READWRITE:
		return ro | NT_PAGE_READWRITE;
	case NT_PAGE_EXECUTE:
		return NT_PAGE_NOACCESS | NT_PAGE_EXECUTE;
	case NT_PAGE_EXECUTE_READ:
		return xr;
	case NT_PAGE_EXECUTE_WRITECOPY:
		return xr | NT_PAGE_EXECUTE_WRITECOPY;
	case NT_PAGE_EXECUTE_READWRITE:
		return NTS_PAGE_BASE_MASK;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nts_view_protect_allowed);

/**
 * nts_check_view_protect() - may a view of this section have this protection?
 * @section_prot: the section's creation protection
 * @view_prot: the protection asked for the view, modifiers included
 *
 * SPEC §3: the view's base value must be in the section's compatibility
 * set; GUARD, NOCACHE and WRITECOMBINE ride along. @view_prot is expected to
 * have passed nts_protect_valid() already (NtMapViewOfSection checks it
 * first); if it has not, the answer is still INVALID_PAGE_PROTECTION.
 *
 * Return: NT_STATUS_SUCCESS, NT_STATUS_INVALID_PAGE_PROTECTION or
 * NT_STATUS_SECTION_PROTECTION.
 */
u32 nts_check_view_protect(u32 section_prot, u32 view_prot)
{
	if (!nts_protect_valid(view_prot))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	if (!(nts_view_protect_allowed(section_prot) & nts_prot_base(view_prot)))
		return NT_STATUS_SECTION_PROTECTION;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_view_protect);

/**
 * nts_map_access_needed() - section handle access needed to map a view
 * @view_prot: the view protection (modifiers are ignored)
 *
 * SPEC §3: NOACCESS, READONLY, WRITECOPY need MAP_READ; READWRITE needs
 * MAP_WRITE; EXECUTE needs MAP_EXECUTE; EXECUTE_READ and EXECUTE_WRITECOPY
 * need MAP_EXECUTE|MAP_READ; EXECUTE_READWRITE needs MAP_EXECUTE|MAP_WRITE.
 * Only userspace callers are checked; kernel callers skip the check.
 *
 * Return: the SECTION_* rights needed, or ~0 (which no handle holds) for an
 * invalid protection, so that a caller that forgot nts_protect_valid()
 * still fails closed.
 */
u32 nts_map_access_needed(u32 view_prot)
{
	if (!nts_protect_valid(view_prot))
		return ~0u;

	switch (nts_prot_base(view_prot)) {
	case NT_PAGE_NOACCESS:
	case NT_PAGE_READONLY:
	case NT_PAGE_WRITECOPY:
		return NT_SECTION_MAP_READ;
	case NT_PAGE_READWRITE:
		return NT_SECTION_MAP_WRITE;
	case NT_PAGE_EXECUTE:
		return NT_SECTION_MAP_EXECUTE;
	case NT_PAGE_EXECUTE_READ:
	case NT_PAGE_EXECUTE_WRITECOPY:
		return NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ;
	default: /* NT_PAGE_EXECUTE_READWRITE */
		return NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_WRITE;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_access_needed);

/**
 * nts_check_map_access() - does a handle grant enough to map this view?
 * @granted: the access mask of the section handle (generic bits mapped)
 * @view_prot: the view protection
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_ACCESS_DENIED when a right that
 * nts_map_access_needed() asks for is missing (SPEC §3, §5).
 */
u32 nts_check_map_access(u32 granted, u32 view_prot)
{
	u32 needed = nts_map_access_needed(view_prot);

	if ((granted & needed) != needed)
		return NT_STATUS_ACCESS_DENIED;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_map_access);

/**
 * nts_file_access_needed() - open mode a file needs to back a section
 * @section_prot: the section's creation protection
 * @alloc_attrs: the section's AllocationAttributes
 *
 * SPEC §3: reading for READONLY and WRITECOPY, reading and writing for
 * READWRITE, and the EXECUTE variants likewise (EXECUTE and EXECUTE_READ and
 * EXECUTE_WRITECOPY need reading, EXECUTE_READWRITE both: Linux cannot map a
 * file it may not read, and has no execute-only open mode). A SEC_IMAGE
 * section never writes its file, so it needs reading only, as on Windows.
 *
 * Return: NTS_FILE_READ, possibly with NTS_FILE_WRITE; both for anything that
 * is not a valid section protection.
 */
u32 nts_file_access_needed(u32 section_prot, u32 alloc_attrs)
{
	if (nts_check_section_protect(section_prot) != NT_STATUS_SUCCESS)
		return NTS_FILE_READ | NTS_FILE_WRITE;
	if (alloc_attrs & NT_SEC_IMAGE)
		return NTS_FILE_READ;
	if (nts_prot_writable(section_prot))
		return NTS_FILE_READ | NTS_FILE_WRITE;
	return NTS_FILE_READ;
}
EXPORT_SYMBOL_IF_KUNIT(nts_file_access_needed);

/**
 * nts_generic_map_access() - map the GENERIC_* rights of a section access mask
 * @access: DesiredAccess as passed by the caller
 *
 * SPEC §2: GENERIC_READ becomes SECTION_QUERY|SECTION_MAP_READ, GENERIC_WRITE
 * SECTION_MAP_WRITE, GENERIC_EXECUTE SECTION_MAP_EXECUTE and GENERIC_ALL
 * SECTION_ALL_ACCESS. The generic bits are cleared; every other bit is kept
 * as it is.
 *
 * Return: the mapped access mask.
 */
u32 nts_generic_map_access(u32 access)
{
	u32 out = access & ~(NT_GENERIC_READ | NT_GENERIC_WRITE | NT_GENERIC_EXECUTE |
			     NT_GENERIC_ALL);

	if (access & NT_GENERIC_READ)
		out |= NT_SECTION_QUERY | NT_SECTION_MAP_READ;
	if (access & NT_GENERIC_WRITE)
		out |= NT_SECTION_MAP_WRITE;
	if (access & NT_GENERIC_EXECUTE)
		out |= NT_SECTION_MAP_EXECUTE;
	if (access & NT_GENERIC_ALL)
		out |= NT_SECTION_ALL_ACCESS;
	return out;
}
EXPORT_SYMBOL_IF_KUNIT(nts_generic_map_access);

/* SPEC §4, first step: AllocationAttributes on their own. */
static u32 nts_check_alloc_attrs(u32 attrs)
{
	if (attrs & ~NTS_SEC_KNOWN)
		return NT_STATUS_INVALID_PARAMETER_6;
	if (!(attrs & (NT_SEC_COMMIT | NT_SEC_RESERVE | NT_SEC_IMAGE)))
		return NT_STATUS_INVALID_PARAMETER_6;
	if ((attrs & NT_SEC_IMAGE) &&
	    (attrs & (NT_SEC_COMMIT | NT_SEC_RESERVE | NT_SEC_LARGE_PAGES | NT_SEC_NO_CHANGE |
		      NT_SEC_FILE | NT_SEC_WRITECOMBINE)))
		return NT_STATUS_INVALID_PARAMETER_6;
	if ((attrs & NT_SEC_COMMIT) && (attrs & NT_SEC_RESERVE))
		return NT_STATUS_INVALID_PARAMETER_6;
	/* Large pages are committed with the section (Windows: SEC_COMMIT). */
	if ((attrs & NT_SEC_LARGE_PAGES) && (attrs & NT_SEC_RESERVE))
		return NT_STATUS_INVALID_PARAMETER_6;
	return NT_STATUS_SUCCESS;
}

/* SPEC §4 sizes, pagefile-backed. */
static u32 nts_create_pagefile_size(const struct nts_create_args *a, u64 *size)
{
	/* A negative LARGE_INTEGER has its top bit set, so it is >= 2^47 too. */
	if (a->size >= NTS_MAX_PAGEFILE_SECTION)
		return NT_STATUS_SECTION_TOO_BIG;
	/* §5 "MEM_LARGE_PAGES / SEC_LARGE_PAGES": a parameter error, before resources. */
	if ((a->alloc_attrs & NT_SEC_LARGE_PAGES) && (a->size & (NTS_LARGE_PAGE_SIZE - 1)))
		return NT_STATUS_INVALID_PARAMETER_4;
	/* Large pages are locked memory: SeLockMemoryPrivilege (SPEC §5). */
	if ((a->alloc_attrs & NT_SEC_LARGE_PAGES) && a->lock_limit && a->size > a->lock_limit)
		return NT_STATUS_PRIVILEGE_NOT_HELD;
	*size = nts_round_up(a->size, NTS_PAGE_SIZE);
	if ((a->alloc_attrs & NT_SEC_COMMIT) && *size > a->commit_limit)
		return NT_STATUS_COMMITMENT_LIMIT;
	return NT_STATUS_SUCCESS;
}

/* SPEC §4 sizes, file-backed. */
static u32 nts_create_file_size(const struct nts_create_args *a, u64 *size, bool *grow)
{
	*grow = false;

	/*
	 * SEC_IMAGE (SPEC §10.1): the headers decide the size; a MaximumSize
	 * above it is SECTION_TOO_BIG (nts_image_parse() finds that in its
	 * place among the header checks), a smaller one is taken as it is.
	 */
	if (a->alloc_attrs & NT_SEC_IMAGE) {
		if (a->image_status)
			return a->image_status;
		if (a->size_given && a->size) {
			if (a->size > a->image_size)
				return NT_STATUS_SECTION_TOO_BIG;
			*size = a->size;
			return NT_STATUS_SUCCESS;
		}
		*size = a->image_size;
		return NT_STATUS_SUCCESS;
	}
	if (a->size_given && (s64)a->size < 0)
		return NT_STATUS_SECTION_TOO_BIG;
	if (!a->size_given || !a->size) {
		if (!a->file_size)
			return NT_STATUS_MAPPED_FILE_SIZE_ZERO;
		*size = a->file_size;	/* exact, not rounded */
		return NT_STATUS_SUCCESS;
	}
	if (a->size > a->file_size) {
		if (!nts_prot_writable(a->protect))
			return NT_STATUS_SECTION_TOO_BIG;
		*grow = true;
	}
	*size = a->size;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_create_check_params() - NtCreateSection's first checks
 * @alloc_attrs: AllocationAttributes (SEC_*)
 * @protect: SectionPageProtection (PAGE_*)
 *
 * Steps 1 and 2 of nts_validate_create(), which the ioctl door runs on their
 * own first: Windows probes the caller's pointers (MaximumSize,
 * SectionHandle) right after them.
 *
 * Return: NT_STATUS_SUCCESS, INVALID_PARAMETER_6 or INVALID_PAGE_PROTECTION.
 */
u32 nts_create_check_params(u32 alloc_attrs, u32 protect)
{
	u32 status = nts_check_alloc_attrs(alloc_attrs);

	if (status)
		return status;
	return nts_check_section_protect(protect);
}
EXPORT_SYMBOL_IF_KUNIT(nts_create_check_params);

/**
 * nts_validate_create() - validate NtCreateSection's arguments
 * @a: the arguments, with the file handle already resolved
 * @out_size: on success, the section size (page-rounded for pagefile
 *	sections, byte-exact for files)
 * @out_grow_file: on success, whether the file must first grow to @out_size
 *
 * The checks run in SPEC §4 order:
 *
 * 1. AllocationAttributes: an unknown bit, none of COMMIT/RESERVE/IMAGE, IMAGE
 *    with COMMIT/RESERVE/LARGE_PAGES/NO_CHANGE/FILE/WRITECOMBINE, COMMIT|RESERVE, or
 *    LARGE_PAGES|RESERVE: INVALID_PARAMETER_6.
 * 2. The protection (§3): INVALID_PAGE_PROTECTION.
 * 3. No file and no (or a zero) size: INVALID_PARAMETER_4.
 * 4. The file: the status of resolving its handle, then its open mode
 *    against nts_file_access_needed(): ACCESS_DENIED.
 * 5. SEC_IMAGE without a file: INVALID_FILE_FOR_SECTION.
 * 6. SEC_LARGE_PAGES on a file: INVALID_PARAMETER_6.
 * 7. Sizes. Pagefile: >= 2^47 or negative: SECTION_TOO_BIG; with
 *    SEC_LARGE_PAGES not a multiple of 2 MiB: INVALID_PARAMETER_4, and
 *    larger than the caller may lock without SeLockMemoryPrivilege
 *    (@a->lock_limit): PRIVILEGE_NOT_HELD; rounded up to a page; with
 *    SEC_COMMIT above the commit limit: COMMITMENT_LIMIT.
 *    File: SEC_IMAGE: what the PE headers' checks found (SPEC §10.1,
 *    nts_image_parse()), then a size above the page-rounded SizeOfImage
 *    SECTION_TOO_BIG, a smaller one taken; a negative size:
 *    SECTION_TOO_BIG; size 0 or none: the file's size exactly, and a
 *    zero-byte file is MAPPED_FILE_SIZE_ZERO; larger than the file: with a
 *    read-only protection SECTION_TOO_BIG, with a writable one the file
 *    grows.
 *
 * The name (OBJECT_NAME_EXISTS / OBJECT_NAME_COLLISION) comes after all of
 * this and is the caller's.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_validate_create(const struct nts_create_args *a, u64 *out_size, bool *out_grow_file)
{
	u32 attrs = a->alloc_attrs;
	u32 status, needed;
	bool grow = false;
	u64 size;

	status = nts_create_check_params(attrs, a->protect);
	if (status)
		return status;

	if (!a->has_file && (!a->size_given || !a->size))
		return NT_STATUS_INVALID_PARAMETER_4;

	if (a->has_file) {
		if (a->file_status != NT_STATUS_SUCCESS)
			return a->file_status;
		needed = nts_file_access_needed(a->protect, attrs);
		if ((a->file_access & needed) != needed)
			return NT_STATUS_ACCESS_DENIED;
	}

	if ((attrs & NT_SEC_IMAGE) && !a->has_file)
		return NT_STATUS_INVALID_FILE_FOR_SECTION;

	if ((attrs & NT_SEC_LARGE_PAGES) && a->has_file)
		return NT_STATUS_INVALID_PARAMETER_6;

	if (a->has_file)
		status = nts_create_file_size(a, &size, &grow);
	else
		status = nts_create_pagefile_size(a, &size);
	if (status)
		return status;

	*out_size = size;
	*out_grow_file = grow;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_validate_create);

/**
 * nts_section_attributes() - the Attributes NtQuerySection reports
 * @alloc_attrs: AllocationAttributes the section was created with (valid)
 * @file: the section is file-backed
 *
 * SPEC §8: pagefile: SEC_COMMIT or SEC_RESERVE, plus SEC_NOCACHE and
 * SEC_LARGE_PAGES when given; file: SEC_FILE plus SEC_NOCACHE (SEC_COMMIT and
 * SEC_RESERVE are accepted and ignored, §4); image: SEC_FILE|SEC_IMAGE.
 *
 * Return: the SEC_* attributes.
 */
u32 nts_section_attributes(u32 alloc_attrs, bool file)
{
	if (!file)
		return alloc_attrs & (NT_SEC_COMMIT | NT_SEC_RESERVE | NT_SEC_NOCACHE |
				      NT_SEC_LARGE_PAGES);
	if (alloc_attrs & NT_SEC_IMAGE)
		return NT_SEC_FILE | NT_SEC_IMAGE;
	return NT_SEC_FILE | (alloc_attrs & NT_SEC_NOCACHE);
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_attributes);

/**
 * nts_zero_bits_limit() - the highest address a ZeroBits value allows
 * @zero_bits: ZeroBits of NtMapViewOfSection
 * @max_addr: on success, the highest address (inclusive) a view may touch
 *
 * SPEC §5: 0 places anywhere (U64_MAX). 1..21 is a count: the view lies below
 * 2^(32 - ZeroBits), on 64-bit too (21 leaves 2 KiB, which no view fits in,
 * so placement fails with NO_MEMORY later). 22..31 is INVALID_PARAMETER_4.
 * From 32 on it is a mask: no address bit may be set above the mask's
 * highest set bit. A mask is the same thing as the count 31 - (its highest
 * bit), so, as on Windows, a mask whose highest bit is below bit 10 (a count
 * above 21) is INVALID_PARAMETER_4 too.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PARAMETER_4.
 */
u32 nts_zero_bits_limit(u64 zero_bits, u64 *max_addr)
{
	unsigned int top;

	if (!zero_bits) {
		*max_addr = U64_MAX;
		return NT_STATUS_SUCCESS;
	}
	if (zero_bits < 32) {
		if (zero_bits > NTS_ZERO_BITS_MAX)
			return NT_STATUS_INVALID_PARAMETER_4;
		*max_addr = (1ULL << (32 - zero_bits)) - 1;
		return NT_STATUS_SUCCESS;
	}
	top = fls64(zero_bits) - 1;	/* 5..63 */
	if (top < 31 - NTS_ZERO_BITS_MAX)
		return NT_STATUS_INVALID_PARAMETER_4;
	*max_addr = top == 63 ? U64_MAX : (1ULL << (top + 1)) - 1;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_zero_bits_limit);

/**
 * nts_map_check_flags() - NtMapViewOfSection's first checks
 * @inherit: InheritDisposition
 * @alloc_type: AllocationType
 * @protect: Win32Protect
 *
 * The first three steps of nts_map_check_params(), which the ioctl door runs
 * on their own first: Windows reads *BaseAddress, *ViewSize and
 * *SectionOffset right after them.
 *
 * Return: NT_STATUS_SUCCESS, INVALID_PARAMETER_8, INVALID_PARAMETER_9 or
 * INVALID_PAGE_PROTECTION.
 */
u32 nts_map_check_flags(u32 inherit, u32 alloc_type, u32 protect)
{
	if (inherit != NT_VIEW_SHARE && inherit != NT_VIEW_UNMAP)
		return NT_STATUS_INVALID_PARAMETER_8;
	if (alloc_type & ~NTS_MAP_ALLOC_KNOWN)
		return NT_STATUS_INVALID_PARAMETER_9;
	if (!nts_protect_valid(protect))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_check_flags);

/**
 * nts_map_check_params() - NtMapViewOfSection checks made before any handle
 * @a: the arguments
 *
 * SPEC §5 order, up to the handles:
 *
 * 1. InheritDisposition not ViewShare or ViewUnmap: INVALID_PARAMETER_8.
 * 2. AllocationType bits outside MEM_RESERVE|MEM_TOP_DOWN|MEM_LARGE_PAGES
 *    (MEM_COMMIT and AT_ROUND_TO_PAGE included), and for
 *    NtMapViewOfSectionEx (@a->ex) MEM_REPLACE_PLACEHOLDER: INVALID_PARAMETER_9.
 * 3. Win32Protect not valid (§3): INVALID_PAGE_PROTECTION.
 * 4. BaseAddress at or beyond @a->user_limit, or BaseAddress + ViewSize
 *    beyond it (overflow included): INVALID_PARAMETER_3.
 * 5. ZeroBits (nts_zero_bits_limit()): 22..31 or a too small mask:
 *    INVALID_PARAMETER_4; with a fixed base, a base, or a view
 *    [base, base + ViewSize) when ViewSize is given, that does not fit below
 *    the limit: INVALID_PARAMETER_4 (before the alignment checks). A free
 *    base is not checked here: a limit too low to hold the view is
 *    NO_MEMORY at placement (nts_map_check_section()).
 *
 * Then the caller resolves the process handle and the section handle and
 * checks the handle's access with nts_check_map_access() (INVALID_HANDLE,
 * OBJECT_TYPE_MISMATCH, ACCESS_DENIED) before nts_map_check_section().
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_map_check_params(const struct nts_map_args *a)
{
	u64 max_addr;
	u32 status;

	status = nts_map_check_flags(a->inherit, a->alloc_type &
				     ~(a->ex ? NT_MEM_REPLACE_PLACEHOLDER : 0), a->protect);
	if (status)
		return status;
	if (a->base >= a->user_limit || a->view_size > a->user_limit - a->base)
		return NT_STATUS_INVALID_PARAMETER_3;

	status = nts_zero_bits_limit(a->zero_bits, &max_addr);
	if (status)
		return status;
	if (a->base) {
		if (a->base > max_addr)
			return NT_STATUS_INVALID_PARAMETER_4;
		if (a->view_size && a->view_size - 1 > max_addr - a->base)
			return NT_STATUS_INVALID_PARAMETER_4;
	}
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_check_params);

/**
 * nts_map_check_image() - NtMapViewOfSection checks against an image section
 * @a: the arguments, which passed nts_map_check_params()
 * @no_exec: the section is SEC_IMAGE_NO_EXECUTE
 * @section_size: the section's size (the image's, or a smaller MaximumSize)
 *
 * SPEC §10.3, after the handles. Win32Protect decides only the access the
 * handle needs (nts_check_map_access()); the pages take the image's own
 * protections.
 *
 * 0. MEM_REPLACE_PLACEHOLDER: NOT_SUPPORTED (an image's regions are not
 *    placed in a placeholder).
 * 1. BaseAddress or SectionOffset not 64 KiB aligned: MAPPED_ALIGNMENT. An
 *    aligned SectionOffset is ignored (Wine): a view of an image starts at
 *    its header.
 * 2. SEC_IMAGE_NO_EXECUTE with an executable Win32Protect:
 *    SECTION_PROTECTION (SPEC §10.2).
 * 3. A ViewSize past the section: INVALID_VIEW_SIZE; a smaller one maps the
 *    image's first pages (Windows' partial view). With a fixed base, a view
 *    that would end beyond @a->user_limit: INVALID_VIEW_SIZE.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_map_check_image(const struct nts_map_args *a, bool no_exec, u64 section_size)
{
	u64 view = a->view_size ?: section_size;

	if (a->alloc_type & NT_MEM_REPLACE_PLACEHOLDER)
		return NT_STATUS_NOT_SUPPORTED;
	if ((a->base | a->offset) & (NTS_GRANULARITY - 1))
		return NT_STATUS_MAPPED_ALIGNMENT;
	if (no_exec && (a->protect & NTS_PAGE_BASE_MASK) >= NT_PAGE_EXECUTE)
		return NT_STATUS_SECTION_PROTECTION;
	if (view > section_size)
		return NT_STATUS_INVALID_VIEW_SIZE;
	view = nts_round_up(view, NTS_PAGE_SIZE);
	if (a->base && view > a->user_limit - a->base)
		return NT_STATUS_INVALID_VIEW_SIZE;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_check_image);

/* Can a free-placed view of @size bytes fit at all below @max_addr? */
static bool nts_map_has_room(const struct nts_map_args *a, u64 max_addr, u64 size)
{
	u64 hi, need;

	/* Nothing is ever placed in the first granule (address 0 is NULL). */
	if (a->user_limit <= NTS_GRANULARITY)
		return false;
	hi = min(max_addr, a->user_limit - 1);
	if (hi < NTS_GRANULARITY || size > hi - NTS_GRANULARITY + 1)
		return false;
	/* A view takes its whole last granule (SPEC §5). */
	need = nts_round_up(size, NTS_GRANULARITY);
	return need - 1 <= hi - NTS_GRANULARITY;
}

/**
 * nts_map_check_section() - NtMapViewOfSection checks against the section
 * @a: the arguments, which passed nts_map_check_params()
 * @section_prot: the section's creation protection
 * @section_size: the section's size (page-rounded pagefile, exact file)
 * @file_backed: the section is backed by a file
 * @section_alloc_attrs: the section's AllocationAttributes
 * @out_view_size: on success, the view size, rounded up to a page
 *
 * SPEC §5 order, after the handles:
 *
 * 1. BaseAddress or SectionOffset not 64 KiB aligned (with
 *    MEM_REPLACE_PLACEHOLDER, not page aligned): MAPPED_ALIGNMENT (never
 *    rounded).
 * 2. The view protection against the section's (§3): SECTION_PROTECTION;
 *    PAGE_GUARD on a SEC_LARGE_PAGES section: INVALID_PAGE_PROTECTION.
 * 3. MEM_RESERVE on a file-backed section whose protection is not
 *    READWRITE or EXECUTE_READWRITE: SECTION_PROTECTION (ReactOS' kmtest
 *    ZwMapViewOfSection.c, validated on Windows).
 * 4. SectionOffset at or past the end, SectionOffset + ViewSize past the end
 *    or overflowing: INVALID_VIEW_SIZE. ViewSize 0 means from the offset to
 *    the end; the result is rounded up to a page. With a fixed base, a view
 *    that would then end beyond @a->user_limit is INVALID_VIEW_SIZE too.
 *    MEM_RESERVE on a file-backed section lifts the limit of the section's
 *    end (Windows' extendable view, which LMDB maps): the view's tail past
 *    the section is reserved until the section grows (nts_view_commit()).
 * 5. CommitSize above the view size, or non-zero on a file-backed section
 *    without MEM_RESERVE: INVALID_PARAMETER_5.
 * 6. MEM_RESERVE on a pagefile-backed section: INVALID_PARAMETER_9.
 * 7. MEM_LARGE_PAGES, or a SEC_LARGE_PAGES section, when the section size is
 *    not a multiple of the large-page size: INVALID_PARAMETER_4;
 *    MEM_LARGE_PAGES without SeLockMemoryPrivilege for the view's size
 *    (@a->lock_limit): PRIVILEGE_NOT_HELD.
 * 8. MEM_REPLACE_PLACEHOLDER with a NULL base: INVALID_PARAMETER (whether
 *    there is a placeholder of the view's size at the base is the
 *    placement's business, nts_placeholder_take()).
 * 9. A free base (0) when the ZeroBits limit and the user address space
 *    together cannot hold the view anywhere: NO_MEMORY. Whether there is
 *    room in the address space as it is now is the placement's business.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_map_check_section(const struct nts_map_args *a, u32 section_prot, u64 section_size,
			  bool file_backed, u32 section_alloc_attrs, u64 *out_view_size)
{
	bool extendable = file_backed && (a->alloc_type & NT_MEM_RESERVE);
	bool replace = a->alloc_type & NT_MEM_REPLACE_PLACEHOLDER;
	u64 view, rounded, max_addr;
	u32 status;

	if ((a->base | a->offset) & ((replace ? NTS_PAGE_SIZE : NTS_GRANULARITY) - 1))
		return NT_STATUS_MAPPED_ALIGNMENT;

	status = nts_check_view_protect(section_prot, a->protect);
	if (status)
		return status;
	/* A large page is mapped whole: it cannot guard its pages one by one. */
	if ((a->protect & NT_PAGE_GUARD) && (section_alloc_attrs & NT_SEC_LARGE_PAGES))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	if (extendable && !nts_prot_writable(section_prot))
		return NT_STATUS_SECTION_PROTECTION;

	if (a->offset >= section_size)
		return NT_STATUS_INVALID_VIEW_SIZE;
	if (a->view_size) {
		if (a->view_size > section_size - a->offset && !extendable)
			return NT_STATUS_INVALID_VIEW_SIZE;
		view = a->view_size;
	} else {
		view = section_size - a->offset;
	}
	if (view > U64_MAX - (NTS_PAGE_SIZE - 1))
		return NT_STATUS_INVALID_VIEW_SIZE;
	rounded = nts_round_up(view, NTS_PAGE_SIZE);
	if (a->base && (a->base >= a->user_limit || rounded > a->user_limit - a->base))
		return NT_STATUS_INVALID_VIEW_SIZE;

	if (a->commit_size > view)
		return NT_STATUS_INVALID_PARAMETER_5;
	if (file_backed && a->commit_size && !(a->alloc_type & NT_MEM_RESERVE))
		return NT_STATUS_INVALID_PARAMETER_5;

	if (!file_backed && (a->alloc_type & NT_MEM_RESERVE))
		return NT_STATUS_INVALID_PARAMETER_9;

	if (((a->alloc_type & NT_MEM_LARGE_PAGES) || (section_alloc_attrs & NT_SEC_LARGE_PAGES)) &&
	    (section_size & (NTS_LARGE_PAGE_SIZE - 1)))
		return NT_STATUS_INVALID_PARAMETER_4;
	if ((a->alloc_type & NT_MEM_LARGE_PAGES) && a->lock_limit && rounded > a->lock_limit)
		return NT_STATUS_PRIVILEGE_NOT_HELD;

	/* Wine: no placeholder at a NULL base. */
	if (replace && !a->base)
		return NT_STATUS_INVALID_PARAMETER;
	if (!a->base) {
		status = nts_zero_bits_limit(a->zero_bits, &max_addr);
		if (status)
			return status;
		if (!nts_map_has_room(a, max_addr, rounded))
			return NT_STATUS_NO_MEMORY;
	}

	*out_view_size = rounded;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_check_section);

/* The IMAGE_FILE_MACHINE_* values an ImageMachine parameter may name. */
#define NTS_MACHINE_I386	0x014cu
#define NTS_MACHINE_AMD64	0x8664u

static u32 nts_ext_address(const struct ntsection_mem_address_requirements *r, u64 user_limit,
			   struct nts_ext *out)
{
	u64 limit = user_limit - 1;	/* the highest user address */

	if (r->alignment) {
		if (!is_power_of_2(r->alignment) || r->alignment < NTS_GRANULARITY ||
		    r->alignment >= user_limit)
			return NT_STATUS_INVALID_PARAMETER;
		out->align = r->alignment;
	}
	if (r->lowest_starting_address) {
		if (r->lowest_starting_address >= limit ||
		    (r->lowest_starting_address & (NTS_GRANULARITY - 1)))
			return NT_STATUS_INVALID_PARAMETER;
		out->low = r->lowest_starting_address;
	}
	if (r->highest_ending_address) {
		if (r->highest_ending_address > limit || r->highest_ending_address <= out->low ||
		    ((r->highest_ending_address + 1) & (NTS_PAGE_SIZE - 1)))
			return NT_STATUS_INVALID_PARAMETER;
		out->high = r->highest_ending_address;
	}
	return NT_STATUS_SUCCESS;
}

/**
 * nts_ext_decode() - check and decode MEM_EXTENDED_PARAMETERs
 * @params: the array (copied in), NULL when the caller gave none
 * @count: ParameterCount
 * @req: the MEM_ADDRESS_REQUIREMENTS the first AddressRequirements entry
 *	points to (copied in), NULL when there is none or it could not be read
 * @user_limit: end (exclusive) of the user address space, TASK_SIZE
 * @nr_nodes: how many NUMA node numbers there are (nr_node_ids)
 * @out: the decoded parameters, zeroed first
 *
 * As Wine's get_extended_params(), which Windows' tests pin, in order, entry
 * by entry: a count with no array, a type of 0 or from
 * MemExtendedParameterMax on, or a type given twice: INVALID_PARAMETER.
 * Only the low 8 bits are the type (the rest is Windows' Reserved field,
 * which Wine ignores too); more than one entry of each type is always a
 * duplicate, so the caller need not copy more than
 * NTSECTION_MAX_EXT_PARAMS + 1 entries.
 *
 * - AddressRequirements: an Alignment that is not a power of two of at
 *   least 64 KiB; a LowestStartingAddress at or past the highest user
 *   address or not 64 KiB aligned; a HighestEndingAddress past the highest
 *   user address, not above LowestStartingAddress or not a page end minus 1:
 *   INVALID_PARAMETER. An unreadable structure: ACCESS_VIOLATION.
 * - NumaNode: a node number that does not exist: INVALID_PARAMETER
 *   (NUMA_NO_PREFERRED_NODE, 0xffffffff, is none).
 * - PartitionHandle: only the default partition (a NULL handle);
 *   another handle is INVALID_HANDLE (there are no partition objects).
 * - UserPhysicalHandle: NOT_SUPPORTED (no AWE).
 * - AttributeFlags: an unknown bit, or MEM_EXTENDED_PARAMETER_EC_CODE
 *   (x86-64 has no ARM64EC code): INVALID_PARAMETER; the others are hints.
 * - ImageMachine: AMD64 and i386 are known; another machine: NOT_SUPPORTED.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_ext_decode(const struct ntsection_mem_extended_parameter *params, u32 count,
		   const struct ntsection_mem_address_requirements *req, u64 user_limit,
		   u32 nr_nodes, struct nts_ext *out)
{
	u32 i, status;

	memset(out, 0, sizeof(*out));
	if (count && !params)
		return NT_STATUS_INVALID_PARAMETER;
	for (i = 0; i < count; i++) {
		u32 type = params[i].type & (BIT(NT_MEM_EXT_TYPE_BITS) - 1);
		u64 value = params[i].value;

		if (!type || type >= NT_MEM_EXT_MAX || (out->present & BIT(type)))
			return NT_STATUS_INVALID_PARAMETER;
		out->present |= BIT(type);
		switch (type) {
		case NT_MEM_EXT_ADDRESS_REQUIREMENTS:
			if (!req)
				return NT_STATUS_ACCESS_VIOLATION;
			status = nts_ext_address(req, user_limit, out);
			if (status)
				return status;
			break;
		case NT_MEM_EXT_NUMA_NODE:
			/* A ULONG: the rest of the union is not the caller's value. */
			value = (u32)value;
			if (value != 0xffffffffu && value >= nr_nodes)
				return NT_STATUS_INVALID_PARAMETER;
			out->node = (u32)value;
			break;
		case NT_MEM_EXT_PARTITION_HANDLE:
			if (value)
				return NT_STATUS_INVALID_HANDLE;
			break;
		case NT_MEM_EXT_USER_PHYSICAL_HANDLE:
			return NT_STATUS_NOT_SUPPORTED;
		case NT_MEM_EXT_ATTRIBUTE_FLAGS:
			if (value & ~(u64)0xff || (value & NT_MEM_EXT_EC_CODE))
				return NT_STATUS_INVALID_PARAMETER;
			out->attributes = (u32)value;
			break;
		default:	/* NT_MEM_EXT_IMAGE_MACHINE, a ULONG */
			value = (u32)value;
			if (value != NTS_MACHINE_AMD64 && value != NTS_MACHINE_I386)
				return NT_STATUS_NOT_SUPPORTED;
			out->machine = (u32)value;
			break;
		}
	}
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_ext_decode);

/**
 * nts_section_ext_decode() - check NtCreateSectionEx's extended parameters
 * @params: the array (copied in), NULL when the caller gave none
 * @count: ExtendedParameterCount (at most NT_MEM_SECTION_EXT_MAX entries
 *	need be copied: more always hold a duplicate)
 * @nr_nodes: how many NUMA node numbers there are
 *
 * Its own types (MEM_SECTION_EXTENDED_PARAMETER_TYPE): a count with no
 * array, a type of 0 or from MemSectionExtendedParameterMax on, or one
 * given twice: INVALID_PARAMETER; a NumaNode that does not exist:
 * INVALID_PARAMETER; UserPhysicalFlags: NOT_SUPPORTED (no AWE). A valid
 * NumaNode and a SigningLevel are accepted.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_section_ext_decode(const struct ntsection_mem_extended_parameter *params, u32 count,
			   u32 nr_nodes)
{
	u32 i, present = 0;

	if (count && !params)
		return NT_STATUS_INVALID_PARAMETER;
	for (i = 0; i < count; i++) {
		u32 type = params[i].type & (BIT(NT_MEM_EXT_TYPE_BITS) - 1);

		if (!type || type >= NT_MEM_SECTION_EXT_MAX || (present & BIT(type)))
			return NT_STATUS_INVALID_PARAMETER;
		present |= BIT(type);
		if (type == NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS)
			return NT_STATUS_NOT_SUPPORTED;
		if (type == NT_MEM_SECTION_EXT_NUMA_NODE && (u32)params[i].value != 0xffffffffu &&
		    (u32)params[i].value >= nr_nodes)
			return NT_STATUS_INVALID_PARAMETER;
	}
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_ext_decode);

static bool nts_ext_has_limits(const struct nts_ext *ext)
{
	return ext->low || ext->high || ext->align;
}

/**
 * nts_map_ex_check() - NtMapViewOfSectionEx checks on its extended parameters
 * @ext: the decoded parameters (nts_ext_decode())
 * @base: *BaseAddress
 * @alloc_type: AllocationType
 *
 * After nts_ext_decode(), before everything NtMapViewOfSection checks (Wine's
 * order): an Alignment (a view is placed on the allocation granularity,
 * whatever is asked), a fixed *BaseAddress together with address limits, or
 * AT_ROUND_TO_PAGE (a 64-bit caller's): INVALID_PARAMETER.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PARAMETER.
 */
u32 nts_map_ex_check(const struct nts_ext *ext, u64 base, u32 alloc_type)
{
	if (ext->align || (base && nts_ext_has_limits(ext)) || (alloc_type & NT_AT_ROUND_TO_PAGE))
		return NT_STATUS_INVALID_PARAMETER;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_map_ex_check);

/**
 * nts_allocate_ex_check() - NtAllocateVirtualMemoryEx argument checks
 * @ext: the decoded parameters (nts_ext_decode())
 * @base: *BaseAddress
 * @size: *RegionSize
 * @type: AllocationType
 * @protect: PageProtection
 * @lock_limit: SeLockMemoryPrivilege for MEM_LARGE_PAGES (struct
 *	nts_create_args; 0: held)
 *
 * SPEC §12, Wine's order, after nts_ext_decode(): an unknown AllocationType
 * bit, address limits with a fixed *BaseAddress, a size of 0, no MEM_COMMIT,
 * MEM_RESERVE or MEM_RESET, MEM_REPLACE_PLACEHOLDER without MEM_RESERVE,
 * MEM_RESERVE_PLACEHOLDER without MEM_RESERVE, with MEM_COMMIT or
 * MEM_REPLACE_PLACEHOLDER, or with a protection other than PAGE_NOACCESS:
 * INVALID_PARAMETER. MEM_LARGE_PAGES (SPEC §5): without both MEM_RESERVE and
 * MEM_COMMIT, with a placeholder flag, or with a base or a size that is no
 * multiple of the large-page size: INVALID_PARAMETER; larger than the
 * caller may lock: PRIVILEGE_NOT_HELD. The protection itself is checked
 * where the memory is made.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_allocate_ex_check(const struct nts_ext *ext, u64 base, u64 size, u32 type, u32 protect,
			  u64 lock_limit)
{
	if (type & ~NTS_ALLOC_EX_KNOWN)
		return NT_STATUS_INVALID_PARAMETER;
	if (base && nts_ext_has_limits(ext))
		return NT_STATUS_INVALID_PARAMETER;
	if (!size)
		return NT_STATUS_INVALID_PARAMETER;
	if (!(type & (NT_MEM_COMMIT | NT_MEM_RESERVE | NT_MEM_RESET)))
		return NT_STATUS_INVALID_PARAMETER;
	if ((type & NT_MEM_REPLACE_PLACEHOLDER) && !(type & NT_MEM_RESERVE))
		return NT_STATUS_INVALID_PARAMETER;
	if ((type & NT_MEM_RESERVE_PLACEHOLDER) &&
	    (!(type & NT_MEM_RESERVE) || (type & (NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER)) ||
	     protect != NT_PAGE_NOACCESS))
		return NT_STATUS_INVALID_PARAMETER;
	if (type & NT_MEM_LARGE_PAGES) {
		if ((type & (NT_MEM_RESERVE | NT_MEM_COMMIT)) != (NT_MEM_RESERVE | NT_MEM_COMMIT) ||
		    (type & (NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER)) ||
		    ((base | size) & (NTS_LARGE_PAGE_SIZE - 1)))
			return NT_STATUS_INVALID_PARAMETER;
		if (lock_limit && size > lock_limit)
			return NT_STATUS_PRIVILEGE_NOT_HELD;
	}
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_allocate_ex_check);

/**
 * nts_free_check_type() - NtFreeVirtualMemory's FreeType
 * @type: FreeType
 *
 * MEM_DECOMMIT, MEM_RELEASE, and MEM_RELEASE with MEM_PRESERVE_PLACEHOLDER
 * or MEM_COALESCE_PLACEHOLDERS (SPEC §12). Anything else, MEM_COALESCE_PLACEHOLDERS
 * without MEM_RELEASE included: INVALID_PARAMETER_4.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PARAMETER_4.
 */
u32 nts_free_check_type(u32 type)
{
	switch (type) {
	case NT_MEM_DECOMMIT:
	case NT_MEM_RELEASE:
	case NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER:
	case NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS:
		return NT_STATUS_SUCCESS;
	default:
		return NT_STATUS_INVALID_PARAMETER_4;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nts_free_check_type);

/**
 * nts_unmap_ex_check_flags() - NtUnmapViewOfSectionEx's UnmapFlags
 * @flags: the flags
 *
 * MEM_PRESERVE_PLACEHOLDER and MEM_UNMAP_WITH_TRANSIENT_BOOST (a hint) are
 * known; another bit: INVALID_PARAMETER (Wine, and Windows' documentation).
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PARAMETER.
 */
u32 nts_unmap_ex_check_flags(u32 flags)
{
	if (flags & ~(NT_MEM_PRESERVE_PLACEHOLDER | NT_MEM_UNMAP_WITH_TRANSIENT_BOOST))
		return NT_STATUS_INVALID_PARAMETER;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_unmap_ex_check_flags);

/**
 * nts_query_check_class() - NtQuerySection checks made before the handle
 * @info_class: SectionInformationClass
 * @length: SectionInformationLength
 *
 * SPEC §8, and the order of Windows, which validates the class and the
 * length before it references the handle: a class other than
 * SectionBasicInformation (0) and SectionImageInformation (1):
 * INVALID_INFO_CLASS; a length below the structure's size (24 and 64 bytes on
 * x86-64): INFO_LENGTH_MISMATCH. A larger length is fine.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_query_check_class(u32 info_class, u64 length)
{
	u64 need;

	switch (info_class) {
	case NTS_SECTION_BASIC_INFORMATION:
		need = NTS_SECTION_BASIC_INFO_SIZE;
		break;
	case NTS_SECTION_IMAGE_INFORMATION:
		need = NTS_SECTION_IMAGE_INFO_SIZE;
		break;
	default:
		return NT_STATUS_INVALID_INFO_CLASS;
	}
	if (length < need)
		return NT_STATUS_INFO_LENGTH_MISMATCH;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_query_check_class);

/**
 * nts_check_query() - validate NtQuerySection once the handle is resolved
 * @access: the access mask of the section handle
 * @info_class: SectionInformationClass
 * @length: SectionInformationLength
 * @is_image: the section is a SEC_IMAGE section
 *
 * SPEC §8 order: nts_query_check_class() (INVALID_INFO_CLASS, then
 * INFO_LENGTH_MISMATCH); then, where the handle is referenced, no
 * SECTION_QUERY: ACCESS_DENIED; then SectionImageInformation on a data
 * section: SECTION_NOT_IMAGE. A caller resolving a handle calls
 * nts_query_check_class() first, then resolves (INVALID_HANDLE,
 * OBJECT_TYPE_MISMATCH), then this.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_check_query(u32 access, u32 info_class, u64 length, bool is_image)
{
	u32 status = nts_query_check_class(info_class, length);

	if (status)
		return status;
	if (!(access & NT_SECTION_QUERY))
		return NT_STATUS_ACCESS_DENIED;
	if (info_class == NTS_SECTION_IMAGE_INFORMATION && !is_image)
		return NT_STATUS_SECTION_NOT_IMAGE;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_query);

/**
 * nts_check_extend() - validate NtExtendSection
 * @access: the access mask of the section handle
 * @file_backed: the section is backed by a file
 * @image: the section is a SEC_IMAGE section
 * @cur_size: the section's current size
 * @new_size: *NewSectionSize, as the unsigned image of the LARGE_INTEGER
 * @grow: on success, whether the section (and its file) must grow
 *
 * SPEC §8 order: no SECTION_EXTEND_SIZE: ACCESS_DENIED; a pagefile-backed or
 * image section: SECTION_NOT_EXTENDED; a size not above the current one
 * (compared as signed LARGE_INTEGERs, so a negative size is smaller) is a
 * successful no-op.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_check_extend(u32 access, bool file_backed, bool image, u64 cur_size, u64 new_size,
		     bool *grow)
{
	if (!(access & NT_SECTION_EXTEND_SIZE))
		return NT_STATUS_ACCESS_DENIED;
	if (!file_backed || image)
		return NT_STATUS_SECTION_NOT_EXTENDED;
	*grow = (s64)new_size > (s64)cur_size;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_extend);

/**
 * nts_flush_check_params() - NtFlushVirtualMemory checks made before the handle
 * @base: *BaseAddress
 * @size: *RegionSize
 * @user_limit: the end of the user address space (TASK_SIZE)
 *
 * Windows' order (NtFlushVirtualMemory in the Windows Research Kernel,
 * flushsec.c): a base above the highest user address, or a size that
 * reaches past it: INVALID_PARAMETER_2. Then the process handle.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_INVALID_PARAMETER_2.
 */
u32 nts_flush_check_params(u64 base, u64 size, u64 user_limit)
{
	u64 highest = user_limit - 1;

	if (base > highest || highest - base < size)
		return NT_STATUS_INVALID_PARAMETER_2;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_flush_check_params);

/**
 * nts_flush_check_view() - NtFlushVirtualMemory checks against the view
 * @base: *BaseAddress, inside [@view_start, @view_end)
 * @size: *RegionSize, which passed nts_flush_check_params()
 * @view_start: the view's first byte
 * @view_end: the view's end (page-aligned, exclusive)
 * @file_data: the view maps a data file (not a pagefile-backed section, not
 *	an image)
 * @first: out: @base rounded down to a page
 * @len: out: the page-rounded length of the range
 *
 * MmFlushVirtualMemory's order: the range is [@base rounded down, the end
 * of @base + @size - 1's page]; @size 0 means to the end of the view (from
 * the rounded base, not the view's start). A range that ends past the view:
 * NOT_MAPPED_VIEW; a view that maps no data file: NOT_MAPPED_DATA.
 *
 * Return: NT_STATUS_SUCCESS, NOT_MAPPED_VIEW or NOT_MAPPED_DATA.
 */
u32 nts_flush_check_view(u64 base, u64 size, u64 view_start, u64 view_end, bool file_data,
			 u64 *first, u64 *len)
{
	u64 start = base & ~(NTS_PAGE_SIZE - 1), last;

	if (base < view_start || base >= view_end)
		return NT_STATUS_NOT_MAPPED_VIEW;
	last = size ? (base + size - 1) | (NTS_PAGE_SIZE - 1) : view_end - 1;
	if (last > view_end - 1)
		return NT_STATUS_NOT_MAPPED_VIEW;
	if (!file_data)
		return NT_STATUS_NOT_MAPPED_DATA;
	*first = start;
	*len = last - start + 1;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_flush_check_view);

/**
 * nts_check_name_length() - the length checks of an object name
 * @length_bytes: UNICODE_STRING.Length, in bytes
 *
 * SPEC §1.2: an odd or zero length is OBJECT_NAME_INVALID (an empty name at
 * create means "unnamed": the caller decides that before calling). A path
 * longer than \BaseNamedObjects\ plus NTS_NAME_MAX_LEAF units cannot name a
 * section and is OBJECT_NAME_INVALID as well, which lets a caller refuse it
 * before copying it.
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_OBJECT_NAME_INVALID.
 */
u32 nts_check_name_length(u32 length_bytes)
{
	if (!length_bytes || (length_bytes & 1) || length_bytes > NTS_NAME_MAX_BYTES)
		return NT_STATUS_OBJECT_NAME_INVALID;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_name_length);

/**
 * nts_check_obj_attributes() - OBJECT_ATTRIBUTES.Attributes of a section
 * @attrs: NT_OBJ_*
 * @create: NtCreateSection (OBJ_PERMANENT is decided there only)
 * @privileged: the caller holds SeCreatePermanentPrivilege (CAP_SYS_ADMIN,
 *	or a kernel-mode caller)
 *
 * Windows' order (ObpCaptureObjectCreateInformation, then the section
 * type's invalid attributes, then ObInsertObject): a bit outside
 * OBJ_VALID_ATTRIBUTES is INVALID_PARAMETER; OBJ_OPENLINK is invalid for
 * sections (INVALID_PARAMETER); OBJ_EXCLUSIVE with OBJ_INHERIT is
 * INVALID_PARAMETER (OBJ_EXCLUSIVE alone is decided with the section, by
 * nts_check_exclusive()); OBJ_PERMANENT at creation needs the privilege
 * (PRIVILEGE_NOT_HELD) and is then refused (NOT_SUPPORTED: a section dies
 * with its last handle). OBJ_KERNEL_HANDLE, OBJ_FORCE_ACCESS_CHECK,
 * OBJ_IGNORE_IMPERSONATED_DEVICEMAP and OBJ_DONT_REPARSE are accepted: a
 * user-mode handle is always a file descriptor and access is always
 * checked, as Windows does for user-mode callers, and the namespace has no
 * device maps or reparse points.
 *
 * Return: an NTSTATUS.
 */
u32 nts_check_obj_attributes(u32 attrs, bool create, bool privileged)
{
	if (attrs & ~NT_OBJ_VALID_ATTRIBUTES)
		return NT_STATUS_INVALID_PARAMETER;
	if (attrs & NT_OBJ_OPENLINK)
		return NT_STATUS_INVALID_PARAMETER;
	if ((attrs & NT_OBJ_EXCLUSIVE) && (attrs & NT_OBJ_INHERIT))
		return NT_STATUS_INVALID_PARAMETER;
	if (create && (attrs & NT_OBJ_PERMANENT))
		return privileged ? NT_STATUS_NOT_SUPPORTED : NT_STATUS_PRIVILEGE_NOT_HELD;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_obj_attributes);

/**
 * nts_check_exclusive() - OBJ_EXCLUSIVE on a new handle to an existing section
 * @attrs: NT_OBJ_* of the open (nts_check_obj_attributes() passed them)
 * @exclusive: the section was created with OBJ_EXCLUSIVE
 * @owner: the caller is the process that created it
 *
 * Windows' ObpIncrementHandleCount(), before the access check: an open
 * with OBJ_EXCLUSIVE of a section created without it is INVALID_PARAMETER,
 * and by another process than the creator ACCESS_DENIED; an open without
 * OBJ_EXCLUSIVE of an exclusive section is ACCESS_DENIED, the creator's
 * own included. (The exclusive process is forgotten with the last handle,
 * which on Windows makes the object openable again; a section's name goes
 * with its last handle, so no open can see that here.)
 *
 * Return: an NTSTATUS.
 */
u32 nts_check_exclusive(u32 attrs, bool exclusive, bool owner)
{
	if (!(attrs & NT_OBJ_EXCLUSIVE))
		return exclusive ? NT_STATUS_ACCESS_DENIED : NT_STATUS_SUCCESS;
	if (!exclusive)
		return NT_STATUS_INVALID_PARAMETER;
	return owner ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_DENIED;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_exclusive);

/**
 * nts_mode_access() - the section rights a class of a mode grants
 * @rwx: the permission bits of the caller's class (0-7)
 *
 * Read permission grants SECTION_QUERY, MAP_READ and MAP_EXECUTE, write
 * permission MAP_WRITE and EXTEND_SIZE (the
 * rights nts_directory_may_open() asks those permissions for); either
 * grants the standard rights, which no permission guards.
 *
 * Return: the access mask, 0 when @rwx grants neither.
 */
u32 nts_mode_access(u32 rwx)
{
	u32 access = 0;

	if (rwx & 4)
		access |= NT_SECTION_QUERY | NT_SECTION_MAP_READ | NT_SECTION_MAP_EXECUTE;
	if (rwx & 2)
		access |= NT_SECTION_MAP_WRITE | NT_SECTION_EXTEND_SIZE;
	if (access)
		access |= NT_STANDARD_RIGHTS_REQUIRED;
	return access;
}
EXPORT_SYMBOL_IF_KUNIT(nts_mode_access);

static u32 nts_le16(const u8 *p)
{
	return p[0] | (p[1] << 8);
}

static u32 nts_le32(const u8 *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

/* The mode bits one ACE's AccessMask grants (read 4, write 2). */
static u32 nts_ace_rwx(u32 mask)
{
	u32 rwx = 0;

	mask = nts_generic_map_access(mask);
	if (mask & (NT_SECTION_QUERY | NT_SECTION_MAP_READ | NT_SECTION_MAP_EXECUTE |
		    NT_SECTION_MAP_EXECUTE_EXPLICIT))
		rwx |= 4;
	if (mask & (NT_SECTION_MAP_WRITE | NT_SECTION_EXTEND_SIZE))
		rwx |= 2;
	return rwx;
}

/**
 * nts_acl_to_mode() - the mode a DACL gives a named section
 * @acl: the ACL, @size bytes (its AclSize), in kernel memory
 * @size: its size
 * @mode: out: the permission bits, with NTS_MODE_EXPLICIT
 *
 * Only what a mode can say is taken: ACCESS_ALLOWED ACEs without flags
 * for Everyone (S-1-1-0: owner, group and others), OWNER RIGHTS (S-1-3-4)
 * or CREATOR OWNER (S-1-3-0) (the owner) and CREATOR GROUP (S-1-3-1) (the
 * group); read rights become r, write rights w. No ACE: mode 0 (nobody, as
 * an empty DACL denies everyone). A malformed ACL is INVALID_ACL, a
 * malformed SID INVALID_SID; a well-formed ACE a mode cannot express (a
 * deny ACE, inheritance flags, another SID) is NOT_SUPPORTED, never
 * ignored.
 *
 * Return: an NTSTATUS; *@mode is written on success only.
 */
u32 nts_acl_to_mode(const u8 *acl, u32 size, u32 *mode)
{
	u32 off = 8, i, count, out = 0;

	if (size < 8 || (acl[0] != 2 && acl[0] != 4) || nts_le16(acl + 2) != size)
		return NT_STATUS_INVALID_ACL;
	count = nts_le16(acl + 4);
	for (i = 0; i < count; i++) {
		const u8 *ace = acl + off, *sid;
		u32 ace_size, subs, auth_hi, auth, sub0, shift;

		if (size - off < 8)
			return NT_STATUS_INVALID_ACL;
		ace_size = nts_le16(ace + 2);
		if (ace_size < 8 || (ace_size & 3) || ace_size > size - off)
			return NT_STATUS_INVALID_ACL;
		if (ace[0] != 0 || ace[1] != 0)	/* ACCESS_ALLOWED_ACE_TYPE, no flags */
			return NT_STATUS_NOT_SUPPORTED;
		sid = ace + 8;
		if (ace_size < 16)
			return NT_STATUS_INVALID_SID;
		subs = sid[1];
		if (sid[0] != 1 || subs > 15 || 16 + 4 * subs > ace_size)
			return NT_STATUS_INVALID_SID;
		auth_hi = (sid[2] << 8) | sid[3];
		auth = ((u32)sid[4] << 24) | (sid[5] << 16) | (sid[6] << 8) | sid[7];
		if (auth_hi || subs != 1)
			return NT_STATUS_NOT_SUPPORTED;
		sub0 = nts_le32(sid + 8);
		if (auth == 1 && sub0 == 0)
			shift = 9;	/* Everyone: every class */
		else if (auth == 3 && (sub0 == 0 || sub0 == 4))
			shift = 6;	/* CREATOR OWNER, OWNER RIGHTS */
		else if (auth == 3 && sub0 == 1)
			shift = 3;	/* CREATOR GROUP */
		else
			return NT_STATUS_NOT_SUPPORTED;
		if (shift == 9)
			out |= nts_ace_rwx(nts_le32(ace + 4)) * 0111;
		else
			out |= nts_ace_rwx(nts_le32(ace + 4)) << shift;
		off += ace_size;
	}
	*mode = out | NTS_MODE_EXPLICIT;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_acl_to_mode);

/* Does the component @c of @len units read "BaseNamedObjects"? */
static bool nts_is_directory(const u16 *c, u32 len, bool case_insensitive)
{
	static const char dir[] = "BaseNamedObjects";
	u32 i;

	if (len != NTS_NAME_DIRECTORY_LEN)
		return false;
	for (i = 0; i < len; i++) {
		u16 want = (u8)dir[i];

		if (c[i] != want &&
		    !(case_insensitive && nts_name_upcase(c[i]) == nts_name_upcase(want)))
			return false;
	}
	return true;
}

/* Index of the next backslash at or after @pos, or @len. */
static u32 nts_next_sep(const u16 *name, u32 pos, u32 len)
{
	while (pos < len && name[pos] != '\\')
		pos++;
	return pos;
}

/**
 * nts_check_name() - validate an NT path naming a section
 * @name: the UTF-16 path (UNICODE_STRING.Buffer), @length_bytes long
 * @length_bytes: UNICODE_STRING.Length, in bytes
 * @case_insensitive: OBJ_CASE_INSENSITIVE was given (also applies to the
 *	directory name)
 * @leaf_start: on success, index (in UTF-16 units) of the section's own name
 * @leaf_len: on success, its length in UTF-16 units (1..NTS_NAME_MAX_LEAF)
 *
 * SPEC §1.2, with RootDirectory NULL (a caller given a RootDirectory resolves
 * or refuses it first; there are no directory objects to resolve it to):
 *
 * 1. nts_check_name_length(): odd, empty or too long: OBJECT_NAME_INVALID.
 * 2. Not starting with a backslash (relative without a root):
 *    OBJECT_PATH_SYNTAX_BAD.
 * 3. Walking the components: an empty component ("\\", a trailing
 *    backslash): OBJECT_NAME_INVALID; a directory other than
 *    \BaseNamedObjects, including names directly under the root and
 *    \Device\PhysicalMemory: OBJECT_PATH_NOT_FOUND; anything below
 *    \BaseNamedObjects\<leaf> (a backslash inside the leaf): the leaf is not
 *    a directory, OBJECT_PATH_NOT_FOUND. "\" and "\BaseNamedObjects" name
 *    directories, which exist and are not sections: OBJECT_TYPE_MISMATCH.
 *
 * Any other UTF-16 unit, NUL included, is part of a name, as on Windows.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_check_name(const u16 *name, u32 length_bytes, bool case_insensitive,
		   u32 *leaf_start, u32 *leaf_len)
{
	u32 len = length_bytes / 2;
	u32 status, pos, end;

	status = nts_check_name_length(length_bytes);
	if (status)
		return status;
	if (name[0] != '\\')
		return NT_STATUS_OBJECT_PATH_SYNTAX_BAD;

	/* The directory below the root. */
	pos = 1;
	end = nts_next_sep(name, pos, len);
	if (end == pos)
		return end == len ? NT_STATUS_OBJECT_TYPE_MISMATCH : NT_STATUS_OBJECT_NAME_INVALID;
	if (!nts_is_directory(name + pos, end - pos, case_insensitive))
		return NT_STATUS_OBJECT_PATH_NOT_FOUND;
	if (end == len)
		return NT_STATUS_OBJECT_TYPE_MISMATCH;

	/* The leaf. */
	pos = end + 1;
	end = nts_next_sep(name, pos, len);
	if (end == pos)
		return NT_STATUS_OBJECT_NAME_INVALID;
	if (end != len)
		return NT_STATUS_OBJECT_PATH_NOT_FOUND;
	if (end - pos > NTS_NAME_MAX_LEAF)
		return NT_STATUS_OBJECT_NAME_INVALID;

	*leaf_start = pos;
	*leaf_len = end - pos;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_check_name);

/**
 * nts_name_upcase() - the uppercase of a UTF-16 unit, for name comparison
 * @c: a UTF-16 code unit
 *
 * Simple (one unit to one unit) uppercase mapping for ASCII, Latin-1
 * Supplement, Latin Extended-A (U+0100..U+017F), basic Greek (U+03B1..U+03C9)
 * and basic Cyrillic (U+0430..U+045F). Everything else maps to itself,
 * including the units whose uppercase would leave their block or fold onto
 * ASCII: U+00B5 MICRO SIGN, U+0131 DOTLESS I, U+017F LONG S and U+03C2 FINAL
 * SIGMA; U+00DF SHARP S has no single-unit uppercase. U+00FF maps to U+0178.
 *
 * Return: the uppercase unit.
 */
u16 nts_name_upcase(u16 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? c - 0x20 : c;
	if (c < 0x100) {
		if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
			return c - 0x20;
		return c == 0xff ? 0x178 : c;
	}
	if (c < 0x180) {
		/* Pairs with the capital on the even unit ... */
		if ((c <= 0x137 && c != 0x131) || (c >= 0x14a && c <= 0x177))
			return c & ~1;
		/* ... and pairs with the capital on the odd unit. */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return (c & 1) ? c : c - 1;
		return c;
	}
	if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2)
		return c - 0x20;
	if (c >= 0x430 && c <= 0x44f)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45f)
		return c - 0x50;
	return c;
}
EXPORT_SYMBOL_IF_KUNIT(nts_name_upcase);

/**
 * nts_name_equal() - compare two object names
 * @a: first name
 * @alen: its length in UTF-16 units
 * @b: second name
 * @blen: its length in UTF-16 units
 * @case_insensitive: compare through nts_name_upcase() (OBJ_CASE_INSENSITIVE)
 *
 * Return: true when the names are equal (SPEC §1.2: case-sensitive unless
 * OBJ_CASE_INSENSITIVE).
 */
bool nts_name_equal(const u16 *a, u32 alen, const u16 *b, u32 blen, bool case_insensitive)
{
	u32 i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++) {
		if (a[i] == b[i])
			continue;
		if (!case_insensitive || nts_name_upcase(a[i]) != nts_name_upcase(b[i]))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(nts_name_equal);

/**
 * nts_name_hash() - hash of a name that is stable under case folding
 * @name: the name
 * @len: its length in UTF-16 units
 *
 * FNV-1a over the uppercased units, so that two names nts_name_equal()
 * finds equal, in either mode, land in the same bucket.
 *
 * Return: the 32-bit hash.
 */
u32 nts_name_hash(const u16 *name, u32 len)
{
	u32 hash = 2166136261u;
	u32 i;

	for (i = 0; i < len; i++) {
		u16 c = nts_name_upcase(name[i]);

		hash = (hash ^ (c & 0xff)) * 16777619u;
		hash = (hash ^ (c >> 8)) * 16777619u;
	}
	return hash;
}
EXPORT_SYMBOL_IF_KUNIT(nts_name_hash);

/**
 * nts_ws_attributes() - MEMORY_WORKING_SET_EX_BLOCK of one page
 * @p: what the page tables say of it
 *
 * Windows' bit layout (NT_WS_*). A page that is not valid keeps Shared
 * alone, as Windows' invalid form of the block does; a valid one has a
 * ShareCount of at least 1 and at most 7.
 *
 * Return: the VirtualAttributes value.
 */
u64 nts_ws_attributes(const struct nts_ws_page *p)
{
	u64 v = p->shared ? NT_WS_SHARED : 0;
	u32 count = clamp_t(u32, p->share_count, 1, NT_WS_SHARE_COUNT_MAX);

	if (!p->valid)
		return v;
	v |= NT_WS_VALID | (u64)count << NT_WS_SHARE_COUNT_SHIFT;
	v |= (u64)(p->protect & NT_WS_PROTECTION_MASK) << NT_WS_PROTECTION_SHIFT;
	v |= (u64)(p->node & NT_WS_NODE_MASK) << NT_WS_NODE_SHIFT;
	if (p->locked)
		v |= NT_WS_LOCKED;
	if (p->large)
		v |= NT_WS_LARGE_PAGE;
	return v;
}
EXPORT_SYMBOL_IF_KUNIT(nts_ws_attributes);

/**
 * nts_region_info_length() - MemoryRegionInformation(Ex)'s length rule
 * @length: MemoryInformationLength
 * @c32: a 32-bit caller (the i386 layout, 28 bytes)
 * @fill: out: how many bytes of the structure to write: the fields that fit
 *	whole
 *
 * Windows accepts any buffer that holds at least the fields before
 * CommitSize (Wine's test_query_region_information).
 *
 * Return: NT_STATUS_SUCCESS, or NT_STATUS_INFO_LENGTH_MISMATCH.
 */
u32 nts_region_info_length(u64 length, bool c32, u64 *fill)
{
	u64 field = c32 ? 4 : 8;
	u64 size = c32 ? sizeof(struct ntsection_memory_region_information32) :
			 sizeof(struct ntsection_memory_region_information);
	u64 min = c32 ? offsetof(struct ntsection_memory_region_information32, commit_size) :
			offsetof(struct ntsection_memory_region_information, commit_size);

	if (length < min)
		return NT_STATUS_INFO_LENGTH_MISMATCH;
	/* Every field from RegionSize on is one pointer wide. */
	*fill = length >= size ? size : min - field + ALIGN_DOWN(length - min + field, field);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_region_info_length);
