/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: image sections (SEC_IMAGE), what the PE headers say.
 */
#ifndef _NTSECTION_IMAGE_H
#define _NTSECTION_IMAGE_H

#include <linux/types.h>
#include <linux/ntsection.h>

#define NTS_IMAGE_PAGE			0x1000u

/* SECTION_IMAGE_INFORMATION.ImageFlags (SPEC §10.2). */
#define NTS_IMAGE_FLAG_COMPLUS_NATIVE	0x01u
#define NTS_IMAGE_FLAG_COMPLUS_ILONLY	0x02u
#define NTS_IMAGE_FLAG_RELOCATED	0x04u
#define NTS_IMAGE_FLAG_FLAT		0x08u
#define NTS_IMAGE_FLAG_BELOW_4GB	0x10u
#define NTS_IMAGE_FLAG_COMPLUS_PREFER32	0x20u

/**
 * struct nts_image_src - a file for nts_image_parse()
 * @size: the file's size in bytes
 * @max_size: MaximumSize, 0 when none was given
 * @read: read up to @len bytes at @pos into @buf; the count read, or < 0
 * @ctx: for @read
 */
struct nts_image_src {
	u64 size;
	u64 max_size;
	ssize_t (*read)(void *ctx, void *buf, size_t len, u64 pos);
	void *ctx;
};

/**
 * struct nts_image_scn - a section header, as far as views need it
 * @va: VirtualAddress
 * @vsize: VirtualSize
 * @raw: SizeOfRawData
 * @ptr: PointerToRawData
 * @flags: Characteristics
 */
struct nts_image_scn {
	u32 va;
	u32 vsize;
	u32 raw;
	u32 ptr;
	u32 flags;
};

/**
 * struct nts_image_region - a run of an image view's pages with one protection
 * @first: its first page (RVA / page size)
 * @pages: its length in pages
 * @protect: the PAGE_* its pages get (SPEC §10.3)
 * @shared: an IMAGE_SCN_MEM_SHARED writable section: one copy for every
 *	process, mapped shared
 */
struct nts_image_region {
	u32 first;
	u32 pages;
	u32 protect;
	bool shared;
};

/**
 * struct nts_image_info - what an image's headers say
 * @image_base: OptionalHeader.ImageBase
 * @size_of_image: SizeOfImage
 * @map_size: SizeOfImage rounded up to the page, or to SectionAlignment
 *	when that is larger: the section's size when no MaximumSize is given
 * @size_of_headers: SizeOfHeaders
 * @entry_rva: AddressOfEntryPoint
 * @section_alignment: SectionAlignment
 * @file_alignment: FileAlignment
 * @stack_reserve: SizeOfStackReserve
 * @stack_commit: SizeOfStackCommit
 * @file_size: the file's size when the section was made
 * @loader_flags: LoaderFlags
 * @checksum: CheckSum
 * @nsections: NumberOfSections
 * @machine: FileHeader.Machine
 * @characteristics: FileHeader.Characteristics
 * @dll_characteristics: DllCharacteristics
 * @subsystem: Subsystem
 * @subsystem_major: MajorSubsystemVersion
 * @subsystem_minor: MinorSubsystemVersion
 * @os_major: MajorOperatingSystemVersion
 * @os_minor: MinorOperatingSystemVersion
 * @image_flags: NTS_IMAGE_FLAG_*
 * @pe32plus: a PE32+ (64-bit) image
 * @flat: SectionAlignment not a multiple of the page: mapped 1:1
 * @contains_code: ImageContainsCode (SPEC §10.2)
 * @cor20: the image has a COR20 (.NET) header
 * @relocs: the image has base relocations it may be moved with
 * @reloc_rva: the base relocation directory's RVA
 * @reloc_size: its size
 * @base_field: the file offset of OptionalHeader.ImageBase
 * @scn: the section table (@nsections entries), freed with
 *	nts_image_info_free()
 */
struct nts_image_info {
	u64 image_base;
	u32 size_of_image;
	u64 map_size;
	u32 size_of_headers;
	u32 entry_rva;
	u32 section_alignment;
	u32 file_alignment;
	u64 stack_reserve;
	u64 stack_commit;
	u64 file_size;
	u32 loader_flags;
	u32 checksum;
	u16 nsections;
	u16 machine;
	u16 characteristics;
	u16 dll_characteristics;
	u16 subsystem;
	u16 subsystem_major;
	u16 subsystem_minor;
	u16 os_major;
	u16 os_minor;
	u8 image_flags;
	bool pe32plus;
	bool flat;
	bool contains_code;
	bool cor20;
	bool relocs;
	u32 reloc_rva;
	u32 reloc_size;
	u64 base_field;
	struct nts_image_scn *scn;
};

u32 nts_image_parse(const struct nts_image_src *src, struct nts_image_info *info);
void nts_image_info_free(struct nts_image_info *info);
int nts_image_layout(const struct nts_image_info *info, bool no_exec,
		     struct nts_image_region **out, u32 *count);
u32 nts_image_scn_protect(u32 characteristics, bool no_exec, bool *shared);
void nts_image_information(const struct nts_image_info *info,
			   struct ntsection_image_information *out);

#endif /* _NTSECTION_IMAGE_H */
