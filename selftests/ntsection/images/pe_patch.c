// SPDX-License-Identifier: GPL-2.0-only
/*
 * pe_patch: change fields of a linked PE image in place, for the test
 * images of image_map_test (a host tool, run by images/build.sh). The
 * mingw-w64 toolchain cannot make every section layout the tests need: no
 * way to ask for a section that is neither readable nor writable, a raw
 * size that is no multiple of 512 or a relocation of type HIGH or LOW.
 *
 * Usage: pe_patch FILE OP...
 *   char SECTION VALUE     the section's Characteristics
 *   vsize SECTION VALUE    its VirtualSize
 *   raw SECTION VALUE      its SizeOfRawData
 *   ptr SECTION VALUE      its PointerToRawData
 *   dllchar VALUE          OptionalHeader.DllCharacteristics
 *   reloc WHERE TYPE       one more base relocation block: one entry of TYPE
 *                          (0-15) at WHERE (an RVA, or SECTION+OFFSET),
 *                          appended to the relocation directory inside the
 *                          section that holds it
 * A VALUE that starts with + or - changes the field by that much; anything
 * else (decimal, 0x hex) replaces it. SECTION is the name in the section
 * table (8 bytes at most). Exits non-zero, the file untouched, on any error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#define SECTION_HEADER	40u
#define DIR_BASERELOC	5u

static __u8 *img;
static size_t img_size;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "pe_patch: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static __u32 get16(size_t off)
{
	if (off + 2 > img_size)
		die("%s: field past the end of the file", "get16");
	return img[off] | img[off + 1] << 8;
}

static __u32 get32(size_t off)
{
	return get16(off) | get16(off + 2) << 16;
}

static void put16(size_t off, __u32 v)
{
	if (off + 2 > img_size)
		die("%s: field past the end of the file", "put16");
	img[off] = v;
	img[off + 1] = v >> 8;
}

static void put32(size_t off, __u32 v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

static __u32 parse_u32(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > 0xffffffffUL)
		die("not a 32-bit number: %s", s);
	return v;
}

/* @old changed as @arg says: "+N", "-N" or a new value. */
static __u32 value(__u32 old, const char *arg)
{
	if (arg[0] == '+')
		return old + parse_u32(arg + 1);
	if (arg[0] == '-')
		return old - parse_u32(arg + 1);
	return parse_u32(arg);
}

static size_t nt_headers(void)
{
	size_t nt;

	if (img_size < 64 || get16(0) != 0x5a4d)
		die("%s: no MZ header", "image");
	nt = get32(0x3c);
	if (get32(nt) != 0x00004550)
		die("%s: no PE header", "image");
	return nt;
}

static size_t optional_header(void)
{
	return nt_headers() + 24;
}

static size_t section_by_name(const char *name)
{
	size_t nt = nt_headers(), table, off;
	__u32 n = get16(nt + 6), i;

	if (strlen(name) > 8)
		die("section names have 8 bytes at most: %s", name);
	table = nt + 24 + get16(nt + 20);
	for (i = 0; i < n; i++) {
		off = table + i * SECTION_HEADER;
		if (off + SECTION_HEADER > img_size)
			die("%s: section table past the end of the file", "image");
		if (!strncmp((const char *)img + off, name, 8))
			return off;
	}
	die("no section %s", name);
	return 0;
}

/* The file offset of @rva, inside the raw data of a section. */
static size_t rva_to_file(__u32 rva, size_t *section)
{
	size_t nt = nt_headers(), table, off;
	__u32 n = get16(nt + 6), i, va, raw, ptr;

	table = nt + 24 + get16(nt + 20);
	for (i = 0; i < n; i++) {
		off = table + i * SECTION_HEADER;
		va = get32(off + 12);
		raw = get32(off + 16);
		ptr = get32(off + 20);
		if (rva >= va && rva - va < raw) {
			*section = off;
			return ptr + (rva - va);
		}
	}
	die("%s: RVA in no section's raw data", "reloc");
	return 0;
}

/* An RVA: a number, or SECTION+OFFSET. */
static __u32 rva_arg(const char *arg)
{
	char name[16];
	const char *plus = strchr(arg, '+');

	if (arg[0] != '.')
		return parse_u32(arg);
	if (!plus || plus - arg > 8)
		die("bad place: %s", arg);
	memcpy(name, arg, plus - arg);
	name[plus - arg] = 0;
	return get32(section_by_name(name) + 12) + parse_u32(plus + 1);
}

/* Append a block with one entry (and an ABSOLUTE pad) to the directory. */
static void add_reloc(__u32 rva, __u32 type)
{
	size_t opt = optional_header(), dir, sec, at;
	__u32 dirs, dir_rva, dir_size, va, raw, vsize;

	if (type > 15)
		die("relocation types are 0 to 15: %s", "reloc");
	dirs = get16(opt) == 0x20b ? opt + 112 : opt + 96;
	if (get32(opt + (get16(opt) == 0x20b ? 108 : 92)) <= DIR_BASERELOC)
		die("%s: no relocation directory entry", "reloc");
	dir = dirs + 8 * DIR_BASERELOC;
	dir_rva = get32(dir);
	dir_size = get32(dir + 4);
	if (!dir_rva || !dir_size)
		die("%s: the image has no relocations", "reloc");
	at = rva_to_file(dir_rva, &sec) + dir_size;
	va = get32(sec + 12);
	raw = get32(sec + 16);
	vsize = get32(sec + 8);
	if (dir_rva + dir_size + 12 > va + raw)
		die("%s: no room after the relocation directory", "reloc");
	put32(at, rva & ~0xfffu);
	put32(at + 4, 12);
	put16(at + 8, type << 12 | (rva & 0xfff));
	put16(at + 10, 0);
	put32(dir + 4, dir_size + 12);
	if (vsize && vsize < dir_rva + dir_size + 12 - va)
		put32(sec + 8, dir_rva + dir_size + 12 - va);
}

int main(int argc, char **argv)
{
	FILE *f;
	long len;
	size_t s;
	int i;

	if (argc < 2)
		die("%s", "usage: pe_patch FILE OP...");
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END))
		die("cannot read %s", argv[1]);
	len = ftell(f);
	if (len <= 0 || fseek(f, 0, SEEK_SET))
		die("cannot read %s", argv[1]);
	img_size = len;
	img = malloc(img_size);
	if (!img || fread(img, 1, img_size, f) != img_size)
		die("cannot read %s", argv[1]);
	fclose(f);

	for (i = 2; i < argc; i++) {
		const char *op = argv[i];
		int field = -1;

		if (!strcmp(op, "dllchar") && i + 1 < argc) {
			s = optional_header() + 70;
			put16(s, value(get16(s), argv[++i]));
			continue;
		}
		if (!strcmp(op, "reloc") && i + 2 < argc) {
			add_reloc(rva_arg(argv[i + 1]), parse_u32(argv[i + 2]));
			i += 2;
			continue;
		}
		if (!strcmp(op, "char"))
			field = 36;
		else if (!strcmp(op, "vsize"))
			field = 8;
		else if (!strcmp(op, "raw"))
			field = 16;
		else if (!strcmp(op, "ptr"))
			field = 20;
		if (field < 0 || i + 2 >= argc)
			die("bad operation: %s", op);
		s = section_by_name(argv[i + 1]) + field;
		put32(s, value(get32(s), argv[i + 2]));
		i += 2;
	}

	f = fopen(argv[1], "wb");
	if (!f || fwrite(img, 1, img_size, f) != img_size || fclose(f))
		die("cannot write %s", argv[1]);
	free(img);
	return 0;
}
