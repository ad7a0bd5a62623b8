// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: image sections (SEC_IMAGE), the PE headers (SPEC §10.1, §10.2).
 *
 * NtCreateSection(SEC_IMAGE) reads and checks a file's PE headers at create
 * time, in the order of SPEC §10.1, and keeps what NtQuerySection
 * (SectionImageInformation) reports. The parser reads the file through a
 * callback, so that KUnit feeds it images from memory; it trusts no field:
 * every offset and size is checked against what was read and against the
 * file's size before it is used.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "image.h"
#include "internal.h"

#define NTS_MZ			0x5a4du		/* "MZ" */
#define NTS_NE			0x454eu		/* "NE" */
#define NTS_PE			0x00004550u	/* "PE\0\0" */
#define NTS_PE32		0x10bu
#define NTS_PE32PLUS		0x20bu
#define NTS_MACHINE_I386	0x014cu
#define NTS_MACHINE_AMD64	0x8664u
#define NTS_MAX_SECTIONS	96u
#define NTS_DOS_LFANEW		0x3c
#define NTS_NE_EXETYP		0x36
#define NTS_FILE_HEADER_SIZE	20u
#define NTS_NT_HEADERS		(4 + NTS_FILE_HEADER_SIZE)	/* signature, file header */
#define NTS_NT_READ		64u	/* as much of it as an NE header needs */
#define NTS_SECTION_HEADER_SIZE	40u
#define NTS_DIR_BASERELOC	5u
#define NTS_DIR_COM_DESCRIPTOR	14u
#define NTS_FILE_RELOCS_STRIPPED 0x1u
#define NTS_OPT_READ		240u	/* the PE32+ optional header, 16 directories */
#define NTS_COMIMAGE_32BITREQUIRED 0x2u
#define NTS_COR20_SIZE		72u
#define NTS_COMIMAGE_ILONLY	0x1u
#define NTS_COMIMAGE_32BITPREFERRED 0x20000u
#define NTS_DLL_DYNAMIC_BASE	0x40u
#define NTS_SCN_MEM_SHARED	0x10000000u
#define NTS_SCN_MEM_EXECUTE	0x20000000u
#define NTS_SCN_MEM_READ	0x40000000u
#define NTS_SCN_MEM_WRITE	0x80000000u

/* Optional-header offsets that differ between PE32 and PE32+. */
struct nts_opt_layout {
	u32 image_base;
	u32 stack_reserve;
	u32 stack_commit;
	u32 loader_flags;
	u32 rva_count;
	u32 dirs;
	bool wide;		/* 64-bit ImageBase and stack sizes */
};

static const struct nts_opt_layout nts_opt32 = {
	.image_base = 28, .stack_reserve = 72, .stack_commit = 76,
	.loader_flags = 88, .rva_count = 92, .dirs = 96, .wide = false,
};

static const struct nts_opt_layout nts_opt64 = {
	.image_base = 24, .stack_reserve = 72, .stack_commit = 80,
	.loader_flags = 104, .rva_count = 108, .dirs = 112, .wide = true,
};

/* Read up to @len bytes at @pos, as far as the file goes: the count read. */
static u32 nts_image_read_some(const struct nts_image_src *src, void *buf, u32 len, u64 pos)
{
	ssize_t n;

	if (pos >= src->size)
		return 0;
	len = min_t(u64, len, src->size - pos);
	n = src->read(src->ctx, buf, len, pos);
	return n < 0 ? 0 : n;
}

/* Read exactly @len bytes at @pos: 0, or -EIO for a short read. */
static int nts_image_read(const struct nts_image_src *src, void *buf, u32 len, u64 pos)
{
	return nts_image_read_some(src, buf, len, pos) == len ? 0 : -EIO;
}

static u64 nts_opt_word(const u8 *opt, u32 off, bool wide)
{
	return wide ? get_unaligned_le64(opt + off) : get_unaligned_le32(opt + off);
}

/*
 * The COR20 (.NET) header's flags: found through the section that holds
 * it, and only from a runtime 2.5 on (Wine's load_data_dir()).
 */
static bool nts_image_cor20_flags(const struct nts_image_src *src, u32 rva,
				  const u8 *sections, u16 nsec, u32 *flags)
{
	u8 cor[NTS_COR20_SIZE];
	u32 i;

	for (i = 0; i < nsec; i++) {
		const u8 *s = sections + i * NTS_SECTION_HEADER_SIZE;
		u32 va = get_unaligned_le32(s + 12), raw = get_unaligned_le32(s + 16);
		u32 ptr = get_unaligned_le32(s + 20);
		u16 major, minor;

		if (rva < va || rva - va >= raw || raw - (rva - va) < NTS_COR20_SIZE)
			continue;
		if (nts_image_read(src, cor, sizeof(cor), (u64)ptr + (rva - va)))
			return false;
		major = get_unaligned_le16(cor + 4);
		minor = get_unaligned_le16(cor + 6);
		if (major < 2 || (major == 2 && minor < 5))
			return false;
		*flags = get_unaligned_le32(cor + 16);
		return true;
	}
	return false;
}

/* Data directory @index, if the optional header has it: its RVA and size. */
static bool nts_image_dir(const u8 *opt, const struct nts_opt_layout *l, u32 index,
			  u32 *rva, u32 *size)
{
	if (get_unaligned_le32(opt + l->rva_count) <= index)
		return false;
	*rva = get_unaligned_le32(opt + l->dirs + 8 * index);
	*size = get_unaligned_le32(opt + l->dirs + 8 * index + 4);
	return *rva && *size;
}

/**
 * nts_image_parse() - check a PE image and describe it
 * @src: the file: its size, a reader, and the MaximumSize asked for
 * @info: out, on success: what the headers say
 *
 * SPEC §10.1, in the order of Wine's get_image_params(): an empty file is
 * INVALID_FILE_FOR_SECTION; a short DOS header or no "MZ"
 * INVALID_IMAGE_NOT_MZ; fewer than the signature and file header at
 * e_lfanew INVALID_IMAGE_PROTECT; an "NE" signature INVALID_IMAGE_WIN_16
 * (ne_exetyp 2), INVALID_IMAGE_PROTECT (5) or INVALID_IMAGE_NE_FORMAT, any
 * other signature INVALID_IMAGE_PROTECT; an optional-header magic that is
 * not PE32/PE32+, or a machine that is not i386 for PE32 or AMD64 for
 * PE32+, INVALID_IMAGE_FORMAT; a MaximumSize above SizeOfImage (rounded up
 * to the page, or to SectionAlignment when larger) SECTION_TOO_BIG; a
 * section table past that size INVALID_FILE_FOR_SECTION; more than 96
 * sections INVALID_IMAGE_FORMAT (SPEC §10.1; checked before the table is
 * read, so that the table the module reads is small); a table that cannot
 * be read INVALID_FILE_FOR_SECTION. Then what SPEC §10.1 asks at create
 * time where Wine waits for the map: alignments that are not
 * powers of two, a section past SizeOfImage or whose raw data lies past the
 * end of the file, a flat image (SectionAlignment not a multiple of the
 * page) whose FileAlignment differs or whose sections are not at their file
 * offsets: INVALID_IMAGE_FORMAT. A short optional header reads as zeros.
 *
 * Return: NT_STATUS_SUCCESS or the first failing status.
 */
u32 nts_image_parse(const struct nts_image_src *src, struct nts_image_info *info)
{
	u8 dos[64], nt[NTS_NT_READ], opt[NTS_OPT_READ], *sections = NULL;
	u32 lfanew, table_size, i, rva, size, cor_flags = 0;
	u32 size_of_image, salign, falign, status;
	const struct nts_opt_layout *l;
	bool relocs, cor, code;
	u64 table, map_size;
	u16 nsec, machine, magic;

	memset(info, 0, sizeof(*info));
	if (!src->size)
		return NT_STATUS_INVALID_FILE_FOR_SECTION;
	if (nts_image_read(src, dos, sizeof(dos), 0) || get_unaligned_le16(dos) != NTS_MZ)
		return NT_STATUS_INVALID_IMAGE_NOT_MZ;
	lfanew = get_unaligned_le32(dos + NTS_DOS_LFANEW);
	memset(nt, 0, sizeof(nt));
	if (nts_image_read_some(src, nt, sizeof(nt), lfanew) < NTS_NT_HEADERS)
		return NT_STATUS_INVALID_IMAGE_PROTECT;
	if (get_unaligned_le32(nt) != NTS_PE) {
		if (get_unaligned_le16(nt) != NTS_NE)
			return NT_STATUS_INVALID_IMAGE_PROTECT;
		if (nt[NTS_NE_EXETYP] == 2)
			return NT_STATUS_INVALID_IMAGE_WIN_16;
		if (nt[NTS_NE_EXETYP] == 5)
			return NT_STATUS_INVALID_IMAGE_PROTECT;
		return NT_STATUS_INVALID_IMAGE_NE_FORMAT;
	}
	machine = get_unaligned_le16(nt + 4);
	nsec = get_unaligned_le16(nt + 6);
	info->characteristics = get_unaligned_le16(nt + 22);

	/* The optional header, as much as the file has (the rest reads as 0). */
	memset(opt, 0, sizeof(opt));
	nts_image_read_some(src, opt, sizeof(opt), (u64)lfanew + NTS_NT_HEADERS);
	magic = get_unaligned_le16(opt);
	if (magic == NTS_PE32 && machine == NTS_MACHINE_I386)
		l = &nts_opt32;
	else if (magic == NTS_PE32PLUS && machine == NTS_MACHINE_AMD64)
		l = &nts_opt64;
	else
		return NT_STATUS_INVALID_IMAGE_FORMAT;

	size_of_image = get_unaligned_le32(opt + 56);
	salign = get_unaligned_le32(opt + 32);
	falign = get_unaligned_le32(opt + 36);
	map_size = ALIGN((u64)size_of_image,
			 max_t(u64, NTS_IMAGE_PAGE, is_power_of_2(salign) ? salign : 1));
	if (src->max_size > map_size)
		return NT_STATUS_SECTION_TOO_BIG;

	/* The section table, inside the image. */
	table = (u64)lfanew + NTS_NT_HEADERS + get_unaligned_le16(nt + 20);
	table_size = nsec * NTS_SECTION_HEADER_SIZE;
	if (table + table_size > map_size)
		return NT_STATUS_INVALID_FILE_FOR_SECTION;
	/* Before the table is read: no caller makes the module allocate more. */
	if (nsec > NTS_MAX_SECTIONS)
		return NT_STATUS_INVALID_IMAGE_FORMAT;
	sections = kmalloc(table_size ?: 1, GFP_KERNEL_ACCOUNT);
	if (!sections)
		return NT_STATUS_NO_MEMORY;
	status = NT_STATUS_INVALID_FILE_FOR_SECTION;
	if (nts_image_read(src, sections, table_size, table))
		goto out;

	status = NT_STATUS_INVALID_IMAGE_FORMAT;
	if (!is_power_of_2(salign) || !is_power_of_2(falign))
		goto out;
	info->flat = salign & (NTS_IMAGE_PAGE - 1);
	if (info->flat && falign != salign)
		goto out;
	/* Before the executable sections count (Wine's order). */
	code = get_unaligned_le32(opt + 4) || get_unaligned_le32(opt + 16) || info->flat;
	info->scn = kcalloc(nsec ?: 1, sizeof(*info->scn), GFP_KERNEL_ACCOUNT);
	if (!info->scn) {
		status = NT_STATUS_NO_MEMORY;
		goto out;
	}
	for (i = 0; i < nsec; i++) {
		const u8 *s = sections + i * NTS_SECTION_HEADER_SIZE;
		u32 vsize = get_unaligned_le32(s + 8), va = get_unaligned_le32(s + 12);
		u32 raw = get_unaligned_le32(s + 16), ptr = get_unaligned_le32(s + 20);

		info->scn[i] = (struct nts_image_scn){
			.va = va, .vsize = vsize, .raw = raw, .ptr = ptr,
			.flags = get_unaligned_le32(s + 36),
		};

		if ((u64)va + (vsize ?: raw) > size_of_image)
			goto out;
		if (raw && ptr && (u64)ptr + raw > src->size)
			goto out;
		if (info->flat && va != ptr)
			goto out;
		if (get_unaligned_le32(s + 36) & NTS_SCN_MEM_EXECUTE)
			info->contains_code = true;
	}
	info->contains_code |= code;

	info->pe32plus = l->wide;
	info->machine = machine;
	info->image_base = nts_opt_word(opt, l->image_base, l->wide);
	info->size_of_image = size_of_image;
	info->map_size = map_size;
	info->size_of_headers = get_unaligned_le32(opt + 60);
	info->entry_rva = get_unaligned_le32(opt + 16);
	info->section_alignment = salign;
	info->file_alignment = falign;
	info->nsections = nsec;
	info->stack_reserve = nts_opt_word(opt, l->stack_reserve, l->wide);
	info->stack_commit = nts_opt_word(opt, l->stack_commit, l->wide);
	info->os_major = get_unaligned_le16(opt + 40);
	info->os_minor = get_unaligned_le16(opt + 42);
	info->subsystem_major = get_unaligned_le16(opt + 48);
	info->subsystem_minor = get_unaligned_le16(opt + 50);
	info->checksum = get_unaligned_le32(opt + 64);
	info->subsystem = get_unaligned_le16(opt + 68);
	info->dll_characteristics = get_unaligned_le16(opt + 70);
	info->loader_flags = get_unaligned_le32(opt + l->loader_flags);
	info->file_size = src->size;

	info->base_field = (u64)lfanew + NTS_NT_HEADERS + l->image_base;
	relocs = nts_image_dir(opt, l, NTS_DIR_BASERELOC, &rva, &size) &&
		 !(info->characteristics & NTS_FILE_RELOCS_STRIPPED);
	info->relocs = relocs;
	if (relocs) {
		info->reloc_rva = rva;
		info->reloc_size = size;
	}
	cor = nts_image_dir(opt, l, NTS_DIR_COM_DESCRIPTOR, &rva, &size);
	info->cor20 = cor;
	if (cor && nts_image_cor20_flags(src, rva, sections, nsec, &cor_flags) &&
	    (cor_flags & NTS_COMIMAGE_ILONLY)) {
		info->image_flags |= NTS_IMAGE_FLAG_COMPLUS_ILONLY;
		if (!l->wide && !(cor_flags & NTS_COMIMAGE_32BITREQUIRED))
			info->image_flags |= NTS_IMAGE_FLAG_COMPLUS_NATIVE;
		if (!l->wide && (cor_flags & NTS_COMIMAGE_32BITPREFERRED))
			info->image_flags |= NTS_IMAGE_FLAG_COMPLUS_PREFER32;
	}
	if ((info->dll_characteristics & NTS_DLL_DYNAMIC_BASE) && !info->flat && !cor &&
	    (relocs || code))
		info->image_flags |= NTS_IMAGE_FLAG_RELOCATED;
	if (info->flat)
		info->image_flags |= NTS_IMAGE_FLAG_FLAT;
	status = NT_STATUS_SUCCESS;
out:
	kfree(sections);
	if (status) {
		kfree(info->scn);
		info->scn = NULL;
	}
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_image_parse);

/**
 * nts_image_info_free() - free what nts_image_parse() allocated, and @info
 * @info: an image description from kmalloc(), or NULL
 */
void nts_image_info_free(struct nts_image_info *info)
{
	if (!info)
		return;
	kfree(info->scn);
	kfree(info);
}
EXPORT_SYMBOL_IF_KUNIT(nts_image_info_free);

/**
 * nts_image_scn_protect() - the protection of an image section's pages
 * @characteristics: the section's Characteristics
 * @no_exec: SEC_IMAGE_NO_EXECUTE: nothing is executable
 * @shared: out: a shared writable section (IMAGE_SCN_MEM_SHARED|WRITE)
 *
 * SPEC §10.3, from the IMAGE_SCN_MEM_{READ,WRITE,EXECUTE} bits only: none
 * NOACCESS, R READONLY, W or RW WRITECOPY, X EXECUTE, RX EXECUTE_READ, WX
 * or RWX EXECUTE_WRITECOPY; a shared writable section READWRITE
 * (EXECUTE_READWRITE). Without execute permission, X alone reads.
 *
 * Return: a PAGE_* value.
 */
u32 nts_image_scn_protect(u32 characteristics, bool no_exec, bool *shared)
{
	bool r = characteristics & NTS_SCN_MEM_READ;
	bool w = characteristics & NTS_SCN_MEM_WRITE;
	bool x = characteristics & NTS_SCN_MEM_EXECUTE;

	*shared = w && (characteristics & NTS_SCN_MEM_SHARED);
	if (x && no_exec) {
		x = false;
		r = true;
	}
	if (x && w)
		return *shared ? NT_PAGE_EXECUTE_READWRITE : NT_PAGE_EXECUTE_WRITECOPY;
	if (x)
		return r ? NT_PAGE_EXECUTE_READ : NT_PAGE_EXECUTE;
	if (w)
		return *shared ? NT_PAGE_READWRITE : NT_PAGE_WRITECOPY;
	return r ? NT_PAGE_READONLY : NT_PAGE_NOACCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_image_scn_protect);

/* One page's protection, with the shared bit folded in. */
#define NTS_PAGE_SHARED_BIT	BIT(31)

/**
 * nts_image_layout() - the regions of an image view
 * @info: the image
 * @no_exec: SEC_IMAGE_NO_EXECUTE
 * @out: on success, the regions in address order (kfree() them)
 * @count: on success, how many
 *
 * SPEC §10.3: the header's pages READONLY, each section's pages
 * (VirtualSize, or SizeOfRawData when that is 0, rounded up to the page)
 * with its Characteristics' protection, a later section winning where two
 * overlap, and every other page NOACCESS; a flat image is one
 * EXECUTE_WRITECOPY region (WRITECOPY without execute). Runs of pages with
 * the same protection make one region. The view is SizeOfImage rounded up
 * to the page.
 *
 * Return: 0 or -ENOMEM.
 */
int nts_image_layout(const struct nts_image_info *info, bool no_exec,
		     struct nts_image_region **out, u32 *count)
{
	u32 pages = DIV_ROUND_UP_ULL((u64)info->size_of_image, NTS_IMAGE_PAGE);
	struct nts_image_region *regions;
	u32 *prot, i, n, first;

	if (!pages)
		pages = 1;
	if (info->flat) {
		regions = kzalloc(sizeof(*regions), GFP_KERNEL_ACCOUNT);
		if (!regions)
			return -ENOMEM;
		regions->pages = pages;
		regions->protect = no_exec ? NT_PAGE_WRITECOPY : NT_PAGE_EXECUTE_WRITECOPY;
		*out = regions;
		*count = 1;
		return 0;
	}
	prot = kvmalloc_array(pages, sizeof(*prot), GFP_KERNEL_ACCOUNT);
	if (!prot)
		return -ENOMEM;
	for (i = 0; i < pages; i++)
		prot[i] = NT_PAGE_NOACCESS;
	n = DIV_ROUND_UP_ULL((u64)info->size_of_headers, NTS_IMAGE_PAGE);
	for (i = 0; i < min(n, pages); i++)
		prot[i] = NT_PAGE_READONLY;
	for (n = 0; n < info->nsections; n++) {
		const struct nts_image_scn *s = &info->scn[n];
		u64 end = (u64)s->va + (s->vsize ?: s->raw);
		u32 p, last;
		bool shared;

		p = nts_image_scn_protect(s->flags, no_exec, &shared);
		if (shared)
			p |= NTS_PAGE_SHARED_BIT;
		last = min_t(u64, DIV_ROUND_UP_ULL(end, NTS_IMAGE_PAGE), pages);
		for (i = s->va / NTS_IMAGE_PAGE; i < last; i++)
			prot[i] = p;
	}
	/* Count the runs, then describe them. */
	for (i = 1, n = 1; i < pages; i++)
		n += prot[i] != prot[i - 1];
	regions = kcalloc(n, sizeof(*regions), GFP_KERNEL_ACCOUNT);
	if (!regions) {
		kvfree(prot);
		return -ENOMEM;
	}
	for (i = 1, n = 0, first = 0; i <= pages; i++) {
		if (i < pages && prot[i] == prot[first])
			continue;
		regions[n].first = first;
		regions[n].pages = i - first;
		regions[n].protect = prot[first] & ~NTS_PAGE_SHARED_BIT;
		regions[n].shared = prot[first] & NTS_PAGE_SHARED_BIT;
		n++;
		first = i;
	}
	kvfree(prot);
	*out = regions;
	*count = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nts_image_layout);

/**
 * nts_image_information() - SECTION_IMAGE_INFORMATION of an image
 * @info: the image, as nts_image_parse() described it
 * @out: filled, every byte
 *
 * SPEC §10.2. TransferAddress is the image base plus AddressOfEntryPoint
 * (the base is the header's ImageBase until images are relocated).
 */
void nts_image_information(const struct nts_image_info *info,
			   struct ntsection_image_information *out)
{
	memset(out, 0, sizeof(*out));
	out->transfer_address = info->image_base + info->entry_rva;
	out->maximum_stack_size = info->stack_reserve;
	out->committed_stack_size = info->stack_commit;
	out->subsystem_type = info->subsystem;
	out->subsystem_minor_version = info->subsystem_minor;
	out->subsystem_major_version = info->subsystem_major;
	out->major_os_version = info->os_major;
	out->minor_os_version = info->os_minor;
	out->image_characteristics = info->characteristics;
	out->dll_characteristics = info->dll_characteristics;
	out->machine = info->machine;
	out->image_contains_code = info->contains_code;
	out->image_flags = info->image_flags;
	out->loader_flags = info->cor20 ? 1 : 0;
	out->image_file_size = (u32)min_t(u64, info->file_size, U32_MAX);
	out->checksum = info->checksum;
}
EXPORT_SYMBOL_IF_KUNIT(nts_image_information);
