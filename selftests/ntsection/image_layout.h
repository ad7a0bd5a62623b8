/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference for views of SEC_IMAGE sections (SPEC §10.3, §10.4): from
 * a PE file's bytes and the image's base, the bytes a view must hold and
 * the protection of each of its pages. Pure userspace code, no call to the
 * module: image_map_test and image_corpus_test compare views with it, and
 * images/layout_check.c runs it on the host.
 *
 * What a view of an image holds (the contract the module implements):
 * - size: SizeOfImage rounded up to the page;
 * - the header pages, ROUND_UP(SizeOfHeaders, page): the file's bytes
 *   [0, SizeOfHeaders), then zeros; PAGE_READONLY;
 * - section i at VirtualAddress, ROUND_UP(VirtualSize ?: SizeOfRawData,
 *   page) bytes: the file's bytes from PointerToRawData rounded down to a
 *   sector (512), ALIGN(SizeOfRawData + PointerToRawData % 512, 512) of
 *   them as far as the file and the section go, then zeros; all zeros when
 *   PointerToRawData or SizeOfRawData is 0. A later section overwrites an
 *   earlier one (bytes and protection);
 * - then the base relocations (ABSOLUTE, HIGH, LOW, HIGHLOW, HIGHADJ,
 *   DIR64) for delta = base - the file's ImageBase, and, where the header
 *   has it (inside SizeOfHeaders), OptionalHeader.ImageBase = base;
 * - pages no header or section covers: zeros, PAGE_NOACCESS;
 * - a section's protection from IMAGE_SCN_MEM_{READ,WRITE,EXECUTE} (see
 *   ntl_section_protect()), SHARED with WRITE giving READWRITE;
 * - a flat image (SectionAlignment below the page): the file 1:1 up to
 *   SizeOfImage, then zeros, never relocated, one PAGE_EXECUTE_WRITECOPY
 *   region;
 * - SEC_IMAGE_NO_EXECUTE: the same with no execute permission anywhere.
 */
#ifndef NTSECTION_IMAGE_LAYOUT_H
#define NTSECTION_IMAGE_LAYOUT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#define NTL_PAGE		4096u
#define NTL_SECTOR		512u
#define NTL_MAX_SECTIONS	96u

#define NTL_PAGE_NOACCESS		0x01u
#define NTL_PAGE_READONLY		0x02u
#define NTL_PAGE_READWRITE		0x04u
#define NTL_PAGE_WRITECOPY		0x08u
#define NTL_PAGE_EXECUTE		0x10u
#define NTL_PAGE_EXECUTE_READ		0x20u
#define NTL_PAGE_EXECUTE_READWRITE	0x40u
#define NTL_PAGE_EXECUTE_WRITECOPY	0x80u

#define NTL_SCN_MEM_SHARED	0x10000000u
#define NTL_SCN_MEM_EXECUTE	0x20000000u
#define NTL_SCN_MEM_READ	0x40000000u
#define NTL_SCN_MEM_WRITE	0x80000000u
#define NTL_FILE_RELOCS_STRIPPED 0x0001u
#define NTL_DLL_DYNAMIC_BASE	0x0040u

#define NTL_REL_ABSOLUTE	0
#define NTL_REL_HIGH		1
#define NTL_REL_LOW		2
#define NTL_REL_HIGHLOW		3
#define NTL_REL_HIGHADJ		4
#define NTL_REL_DIR64		10

struct ntl_section {
	char name[9];
	__u32 vsize;
	__u32 va;
	__u32 raw;
	__u32 ptr;
	__u32 characteristics;
};

/**
 * struct ntl_image - what the reference needs of a PE file
 * @file: the file's bytes (not copied: must outlive the structure)
 * @file_size: their number
 * @pe32plus: a PE32+ image (else PE32)
 * @flat: SectionAlignment below the page
 * @machine: FileHeader.Machine
 * @characteristics: FileHeader.Characteristics
 * @dll_characteristics: OptionalHeader.DllCharacteristics
 * @image_base: OptionalHeader.ImageBase, as in the file
 * @image_base_off: the file offset of that field
 * @entry: AddressOfEntryPoint
 * @size_of_image: SizeOfImage
 * @size_of_headers: SizeOfHeaders
 * @section_alignment: SectionAlignment
 * @file_alignment: FileAlignment
 * @view_size: the view's size, SizeOfImage rounded up to the page
 * @reloc_rva: the base relocation directory (0: none)
 * @reloc_size: its size
 * @cor20: the image has a COR20 (.NET) header directory
 * @nsections: the number of sections
 * @sec: the section table
 */
struct ntl_image {
	const __u8 *file;
	__u64 file_size;
	int pe32plus;
	int flat;
	__u16 machine;
	__u16 characteristics;
	__u16 dll_characteristics;
	__u64 image_base;
	__u32 image_base_off;
	__u32 entry;
	__u32 size_of_image;
	__u32 size_of_headers;
	__u32 section_alignment;
	__u32 file_alignment;
	__u32 view_size;
	__u32 reloc_rva;
	__u32 reloc_size;
	int cor20;
	unsigned int nsections;
	struct ntl_section sec[NTL_MAX_SECTIONS];
};

static inline __u32 ntl_get16(const __u8 *p)
{
	return p[0] | p[1] << 8;
}

static inline __u32 ntl_get32(const __u8 *p)
{
	return ntl_get16(p) | ntl_get16(p + 2) << 16;
}

static inline __u64 ntl_get64(const __u8 *p)
{
	return ntl_get32(p) | (__u64)ntl_get32(p + 4) << 32;
}

static inline void ntl_put16(__u8 *p, __u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void ntl_put32(__u8 *p, __u32 v)
{
	ntl_put16(p, v & 0xffff);
	ntl_put16(p + 2, v >> 16);
}

static inline void ntl_put64(__u8 *p, __u64 v)
{
	ntl_put32(p, (__u32)v);
	ntl_put32(p + 4, v >> 32);
}

static inline __u64 ntl_round_up(__u64 v, __u64 align)
{
	return (v + align - 1) / align * align;
}

/* A sentence in @why, and -1: the failure return of the functions below. */
#define ntl_fail(why, len, ...)	(snprintf(why, len, __VA_ARGS__), -1)

/* Are @len bytes at @off inside the file? */
static inline int ntl_in_file(const struct ntl_image *img, __u64 off, __u64 len)
{
	return off <= img->file_size && len <= img->file_size - off;
}

/**
 * ntl_parse() - read what the reference needs from a PE file
 * @img: out
 * @file: the file's bytes
 * @size: their number
 * @why: on failure, a sentence saying why
 * @why_len: its room
 *
 * Only what the layout needs is checked (the module's creation checks are
 * image_test's business): a file this refuses the module should refuse too.
 *
 * Return: 0, or -1 for a file the reference cannot lay out.
 */
static inline int ntl_parse(struct ntl_image *img, const void *file, __u64 size, char *why,
			    size_t why_len)
{
	const __u8 *f = file, *opt, *s;
	__u32 lfanew, opt_size, table, dirs, ndirs, i, magic;

	memset(img, 0, sizeof(*img));
	img->file = f;
	img->file_size = size;
	if (size < 64 || ntl_get16(f) != 0x5a4d)
		return ntl_fail(why, why_len, "no MZ header");
	lfanew = ntl_get32(f + 0x3c);
	if (!ntl_in_file(img, lfanew, 24) || ntl_get32(f + lfanew) != 0x00004550)
		return ntl_fail(why, why_len, "no PE header");
	img->machine = ntl_get16(f + lfanew + 4);
	img->nsections = ntl_get16(f + lfanew + 6);
	opt_size = ntl_get16(f + lfanew + 20);
	img->characteristics = ntl_get16(f + lfanew + 22);
	if (img->nsections > NTL_MAX_SECTIONS)
		return ntl_fail(why, why_len, "%u sections", img->nsections);
	opt = f + lfanew + 24;
	if (!ntl_in_file(img, lfanew + 24, 96))
		return ntl_fail(why, why_len, "short optional header");
	magic = ntl_get16(opt);
	if (magic == 0x20b) {
		img->pe32plus = 1;
		img->image_base = ntl_get64(opt + 24);
		dirs = 112;
	} else if (magic == 0x10b) {
		img->image_base = ntl_get32(opt + 28);
		dirs = 96;
	} else {
		return ntl_fail(why, why_len, "optional header magic 0x%x", magic);
	}
	img->image_base_off = lfanew + 24 + (img->pe32plus ? 24 : 28);
	img->entry = ntl_get32(opt + 16);
	img->section_alignment = ntl_get32(opt + 32);
	img->file_alignment = ntl_get32(opt + 36);
	img->size_of_image = ntl_get32(opt + 56);
	img->size_of_headers = ntl_get32(opt + 60);
	img->dll_characteristics = ntl_get16(opt + 70);
	img->flat = img->section_alignment < NTL_PAGE;
	img->view_size = ntl_round_up(img->size_of_image, NTL_PAGE);
	if (!img->view_size || img->view_size < img->size_of_image)
		return ntl_fail(why, why_len, "SizeOfImage 0x%x", img->size_of_image);
	ndirs = ntl_in_file(img, lfanew + 24 + dirs - 4, 4) ? ntl_get32(opt + dirs - 4) : 0;
	if (ndirs > 5 && dirs + 8 * 6 <= opt_size && ntl_in_file(img, lfanew + 24 + dirs, 48)) {
		img->reloc_rva = ntl_get32(opt + dirs + 40);
		img->reloc_size = ntl_get32(opt + dirs + 44);
		if (!img->reloc_rva || !img->reloc_size) {
			img->reloc_rva = 0;
			img->reloc_size = 0;
		}
	}
	if (ndirs > 14 && dirs + 8 * 15 <= opt_size && ntl_in_file(img, lfanew + 24 + dirs, 120))
		img->cor20 = ntl_get32(opt + dirs + 112) && ntl_get32(opt + dirs + 116);
	table = lfanew + 24 + opt_size;
	if (!ntl_in_file(img, table, (__u64)img->nsections * 40))
		return ntl_fail(why, why_len, "section table past the end of the file");
	for (i = 0; i < img->nsections; i++) {
		struct ntl_section *sec = &img->sec[i];

		s = f + table + 40 * i;
		memcpy(sec->name, s, 8);
		sec->name[8] = 0;
		sec->vsize = ntl_get32(s + 8);
		sec->va = ntl_get32(s + 12);
		sec->raw = ntl_get32(s + 16);
		sec->ptr = ntl_get32(s + 20);
		sec->characteristics = ntl_get32(s + 36);
	}
	return 0;
}

/* Does the image have base relocations (not stripped)? */
static inline int ntl_has_relocs(const struct ntl_image *img)
{
	return img->reloc_rva && !(img->characteristics & NTL_FILE_RELOCS_STRIPPED);
}

/*
 * Does the module pick a base of its own for the image (SPEC §10.4)? A
 * DYNAMIC_BASE image with relocations, unless flat or .NET.
 */
static inline int ntl_relocatable(const struct ntl_image *img)
{
	return !img->flat && !img->cor20 && (img->dll_characteristics & NTL_DLL_DYNAMIC_BASE) &&
	       ntl_has_relocs(img);
}

/* The protection of a section's pages (SPEC §10.3), without execute for @noexec. */
static inline __u32 ntl_section_protect(__u32 characteristics, int noexec)
{
	static const __u32 prot[8] = {
		NTL_PAGE_NOACCESS,		/* none */
		NTL_PAGE_READONLY,		/* R */
		NTL_PAGE_WRITECOPY,		/* W */
		NTL_PAGE_WRITECOPY,		/* RW */
		NTL_PAGE_EXECUTE,		/* X */
		NTL_PAGE_EXECUTE_READ,		/* RX */
		NTL_PAGE_EXECUTE_WRITECOPY,	/* WX */
		NTL_PAGE_EXECUTE_WRITECOPY,	/* RWX */
	};
	int r = !!(characteristics & NTL_SCN_MEM_READ);
	int w = !!(characteristics & NTL_SCN_MEM_WRITE);
	int x = !!(characteristics & NTL_SCN_MEM_EXECUTE) && !noexec;

	/* Without execute, an execute-only section reads (as EXECUTE_READ). */
	if (noexec && (characteristics & NTL_SCN_MEM_EXECUTE))
		r = 1;
	if (w && (characteristics & NTL_SCN_MEM_SHARED))
		return x ? NTL_PAGE_EXECUTE_READWRITE : NTL_PAGE_READWRITE;
	return prot[r | w << 1 | x << 2];
}

/* The protection a page reports once written (a WRITECOPY page made private). */
static inline __u32 ntl_written_protect(__u32 prot)
{
	if (prot == NTL_PAGE_WRITECOPY)
		return NTL_PAGE_READWRITE;
	if (prot == NTL_PAGE_EXECUTE_WRITECOPY)
		return NTL_PAGE_EXECUTE_READWRITE;
	return prot;
}

static inline int ntl_protect_readable(__u32 prot)
{
	return prot != NTL_PAGE_NOACCESS && prot != NTL_PAGE_EXECUTE;
}

static inline int ntl_protect_writable(__u32 prot)
{
	return prot == NTL_PAGE_READWRITE || prot == NTL_PAGE_WRITECOPY ||
	       prot == NTL_PAGE_EXECUTE_READWRITE || prot == NTL_PAGE_EXECUTE_WRITECOPY;
}

static inline const char *ntl_protect_name(__u32 prot)
{
	switch (prot) {
	case NTL_PAGE_NOACCESS:
		return "NOACCESS";
	case NTL_PAGE_READONLY:
		return "READONLY";
	case NTL_PAGE_READWRITE:
		return "READWRITE";
	case NTL_PAGE_WRITECOPY:
		return "WRITECOPY";
	case NTL_PAGE_EXECUTE:
		return "EXECUTE";
	case NTL_PAGE_EXECUTE_READ:
		return "EXECUTE_READ";
	case NTL_PAGE_EXECUTE_READWRITE:
		return "EXECUTE_READWRITE";
	case NTL_PAGE_EXECUTE_WRITECOPY:
		return "EXECUTE_WRITECOPY";
	default:
		return "?";
	}
}

/* Copy @len file bytes from @off to @dst, as far as the file goes. */
static inline void ntl_copy_file(const struct ntl_image *img, __u8 *dst, __u64 off, __u64 len)
{
	if (off >= img->file_size)
		return;
	if (len > img->file_size - off)
		len = img->file_size - off;
	memcpy(dst, img->file + off, len);
}

static inline int ntl_reloc_known(unsigned int type)
{
	return type == NTL_REL_HIGH || type == NTL_REL_LOW || type == NTL_REL_HIGHADJ ||
	       type == NTL_REL_HIGHLOW || type == NTL_REL_DIR64;
}

/*
 * Apply the base relocations to @view for @delta: the relocation blocks are
 * read from the view itself, as a loader reads them. Returns the number of
 * entries applied; *@bad counts the ones the reference does not know (other
 * types, places outside the view), which it leaves alone (the module
 * refuses such an image at create time).
 */
static inline unsigned long ntl_relocate(const struct ntl_image *img, __u8 *view, __u64 delta,
					 unsigned long *bad)
{
	__u64 pos = img->reloc_rva, end = (__u64)img->reloc_rva + img->reloc_size;
	unsigned long applied = 0;

	*bad = 0;
	if (end > img->view_size)
		end = img->view_size;
	while (pos + 8 <= end) {
		__u32 page = ntl_get32(view + pos), block = ntl_get32(view + pos + 4), i, n, v;

		if (block < 8 || block > end - pos)
			break;
		n = (block - 8) / 2;
		for (i = 0; i < n; i++) {
			__u32 e = ntl_get16(view + pos + 8 + 2 * i);
			__u64 at = (__u64)page + (e & 0xfff);
			unsigned int type = e >> 12, width;
			__u8 *p = view + at;

			if (type == NTL_REL_ABSOLUTE)
				continue;
			width = type == NTL_REL_DIR64 ? 8 : type == NTL_REL_HIGHLOW ? 4 : 2;
			if (at + width > img->view_size || !ntl_reloc_known(type) ||
			    (type == NTL_REL_HIGHADJ && i + 1 >= n)) {
				(*bad)++;
				continue;
			}
			applied++;
			switch (type) {
			case NTL_REL_HIGH:
				ntl_put16(p, ntl_get16(p) + (__u32)(delta >> 16));
				break;
			case NTL_REL_LOW:
				ntl_put16(p, ntl_get16(p) + (__u32)delta);
				break;
			case NTL_REL_HIGHADJ:
				/* The next entry is the low half of the value. */
				i++;
				v = (ntl_get16(p) << 16) + (__s16)ntl_get16(view + pos + 8 + 2 * i);
				v += (__u32)delta + 0x8000;
				ntl_put16(p, v >> 16);
				break;
			case NTL_REL_HIGHLOW:
				ntl_put32(p, ntl_get32(p) + (__u32)delta);
				break;
			default:
				ntl_put64(p, ntl_get64(p) + delta);
				break;
			}
		}
		pos += block;
	}
	return applied;
}

/**
 * ntl_build() - the expected view of an image
 * @img: the image, from ntl_parse()
 * @base: the image object's base (what the mapped header's ImageBase says)
 * @noexec: SEC_IMAGE_NO_EXECUTE
 * @view: out: @img->view_size bytes
 * @prot: out: the protection of each of the @img->view_size / 4096 pages
 * @bad_relocs: out (may be NULL): relocation entries the reference skipped
 *
 * Return: the number of relocation entries applied.
 */
static inline unsigned long ntl_build(const struct ntl_image *img, __u64 base, int noexec,
				      __u8 *view, __u32 *prot, unsigned long *bad_relocs)
{
	__u32 pages = img->view_size / NTL_PAGE, i, p, hdr;
	unsigned long applied = 0, bad = 0;

	memset(view, 0, img->view_size);
	if (img->flat) {
		ntl_copy_file(img, view, 0, img->size_of_image);
		for (p = 0; p < pages; p++)
			prot[p] = noexec ? NTL_PAGE_WRITECOPY : NTL_PAGE_EXECUTE_WRITECOPY;
		if (bad_relocs)
			*bad_relocs = 0;
		return 0;
	}
	for (p = 0; p < pages; p++)
		prot[p] = NTL_PAGE_NOACCESS;
	hdr = ntl_round_up(img->size_of_headers, NTL_PAGE);
	if (hdr > img->view_size)
		hdr = img->view_size;
	ntl_copy_file(img, view, 0, img->size_of_headers < hdr ? img->size_of_headers : hdr);
	for (p = 0; p < hdr / NTL_PAGE; p++)
		prot[p] = NTL_PAGE_READONLY;

	for (i = 0; i < img->nsections; i++) {
		const struct ntl_section *s = &img->sec[i];
		__u32 span = s->vsize ? s->vsize : s->raw;
		__u64 size = ntl_round_up(span, NTL_PAGE);
		__u64 start = s->va, first, len, last;

		if (start >= img->view_size)
			continue;
		if (size > img->view_size - start)
			size = img->view_size - start;
		memset(view + start, 0, size);
		if (s->ptr && s->raw) {
			first = s->ptr & ~(__u64)(NTL_SECTOR - 1);
			len = ntl_round_up((__u64)s->raw + (s->ptr & (NTL_SECTOR - 1)), NTL_SECTOR);
			ntl_copy_file(img, view + start, first, len < size ? len : size);
		}
		/* The pages the section's bytes touch. */
		last = (start + span + NTL_PAGE - 1) / NTL_PAGE;
		for (p = start / NTL_PAGE; p < last && p < pages; p++)
			prot[p] = ntl_section_protect(s->characteristics, noexec);
	}

	if (ntl_has_relocs(img) && base != img->image_base) {
		applied = ntl_relocate(img, view, base - img->image_base, &bad);
		/* The header says the base, where it has the field. */
		hdr = img->size_of_headers < img->view_size ? img->size_of_headers : img->view_size;
		if (img->pe32plus && img->image_base_off + 8 <= hdr)
			ntl_put64(view + img->image_base_off, base);
		else if (!img->pe32plus && img->image_base_off + 4 <= hdr)
			ntl_put32(view + img->image_base_off, (__u32)base);
	}
	if (bad_relocs)
		*bad_relocs = bad;
	return applied;
}

/* The mapped header's ImageBase field: the base the view was relocated for. */
static inline __u64 ntl_view_base(const struct ntl_image *img, const void *view)
{
	const __u8 *v = view;

	return img->pe32plus ? ntl_get64(v + img->image_base_off) :
			       ntl_get32(v + img->image_base_off);
}

/* Pages from @page on with the protection of @page: the region NT reports. */
static inline __u32 ntl_run(const __u32 *prot, __u32 pages, __u32 page)
{
	__u32 n = 1;

	while (page + n < pages && prot[page + n] == prot[page])
		n++;
	return n;
}

#endif /* NTSECTION_IMAGE_LAYOUT_H */
