/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test images of image_map_test (built by images/build.sh with
 * mingw-w64, PE32 and PE32+): one section per case of SPEC §10.3, each
 * starting with two pointers (base relocations: DIR64 or HIGHLOW) and
 * filled with a pattern of its own, so that a byte from the wrong place
 * shows. build.sh then gives each section its final Characteristics, sizes
 * and file offsets with pe_patch:
 *   .n .r .w .rw .x .rx .wx .rwx   every IMAGE_SCN_MEM_{READ,WRITE,EXECUTE} set
 *   .shw .shx .shr                 IMAGE_SCN_MEM_SHARED with RW, RWX and R
 *   .part                          SizeOfRawData 0x345 of 0x2800: the file
 *                                  continues to the sector's end, then zeros
 *   .gap                           VirtualSize one page of three: a gap follows
 *   .vz                            VirtualSize 0: SizeOfRawData counts
 *   .z                             SizeOfRawData 0: all zeros
 *   .zp                            PointerToRawData 0: all zeros
 *   .odd                           PointerToRawData not sector-aligned
 * .rw also holds the targets of the HIGH, LOW and HIGHLOW relocations
 * build.sh adds (at .rw+0x40, +0x42, +0x44). -DFLAT leaves out .bss, which
 * a flat image (SectionAlignment 512) cannot have.
 */
#ifdef __x86_64__
#define SYM(x)	x
#define PTR	.quad
#else
#define SYM(x)	_##x
#define PTR	.long
#endif

	.macro fill seed, count
	.set i, 0
	.rept \count
	.byte (i * \seed + (i >> 7) + 1) & 0xff
	.set i, i + 1
	.endr
	.endm

	/* A section: its start, a pointer to itself and to @other, a pattern. */
	.macro sect name, label, other, seed, count
	.section \name, "dw"
	.p2align 4
\label:
	PTR \label, \other
	fill \seed, \count
	.endm

	.text
	.globl SYM(nts_entry)
SYM(nts_entry):
	mov $1, %eax
	ret
	.p2align 4
text_data:
	PTR text_data, n_start
	fill 3, 0x300

	sect .n, n_start, r_start, 5, 0x1100
	sect .r, r_start, w_start, 7, 0x0bd0
	sect .w, w_start, rw_start, 11, 0x1390
	sect .rw, rw_start, x_start, 13, 0x0030
	/* .rw+0x40: the HIGH, LOW and HIGHLOW targets build.sh adds. */
	.p2align 6
	.short 0x1234, 0x5678
	.long 0x11223344
	fill 17, 0x1200
	sect .x, x_start, rx_start, 19, 0x0900
	sect .rx, rx_start, wx_start, 23, 0x1700
	sect .wx, wx_start, rwx_start, 29, 0x0a00
	sect .rwx, rwx_start, shw_start, 31, 0x2100
	sect .shw, shw_start, shx_start, 37, 0x1300
	sect .shx, shx_start, shr_start, 41, 0x0500
	sect .shr, shr_start, part_start, 43, 0x0700
	sect .part, part_start, gap_start, 47, 0x27f0
	sect .gap, gap_start, vz_start, 53, 0x2ff0
	sect .vz, vz_start, z_start, 59, 0x06f0
	sect .z, z_start, zp_start, 61, 0x0ff0
	sect .zp, zp_start, odd_start, 67, 0x0ff0
	sect .odd, odd_start, text_data, 71, 0x11f0

#ifndef FLAT
	.bss
	.p2align 4
bss_start:
	.space 0x1800
#endif
