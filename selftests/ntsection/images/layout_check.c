// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_check: the reference of image_layout.h on the host, no module
 * involved (images/host-check.sh builds and runs it; not part of make
 * check).
 *
 * Usage: layout_check [-s] [-q] FILE...
 * For each PE file: the layout the reference builds for a base of its own
 * choosing (the file's ImageBase moved by 0x7ff10000 for images the module
 * relocates, else the file's), as lines host-check.sh compares with
 * objdump: "section NAME VA PTR RAW VSIZE", "relocs N", then the
 * protection of every run of pages. -q prints one line per file only.
 * -s also checks the images of images/build.sh against what sections.S
 * put in them, with expectations written down here by hand: each
 * section's pattern, its first pointer relocated, the HIGH/LOW/HIGHLOW
 * targets, the zeros, each section's protection; for flat images, that
 * mapping the file 1:1 and section by section give the same bytes.
 * Exits non-zero on any error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../image_layout.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct expect {
	const char *name;
	unsigned int seed;
	unsigned int count;
	__u32 prot;
};

/* sections.S and the Characteristics build.sh gives each section. */
static const struct expect expects[] = {
	{ ".n", 5, 0x1100, NTL_PAGE_NOACCESS },
	{ ".r", 7, 0x0bd0, NTL_PAGE_READONLY },
	{ ".w", 11, 0x1390, NTL_PAGE_WRITECOPY },
	{ ".rw", 13, 0x0030, NTL_PAGE_WRITECOPY },
	{ ".x", 19, 0x0900, NTL_PAGE_EXECUTE },
	{ ".rx", 23, 0x1700, NTL_PAGE_EXECUTE_READ },
	{ ".wx", 29, 0x0a00, NTL_PAGE_EXECUTE_WRITECOPY },
	{ ".rwx", 31, 0x2100, NTL_PAGE_EXECUTE_WRITECOPY },
	{ ".shw", 37, 0x1300, NTL_PAGE_READWRITE },
	{ ".shx", 41, 0x0500, NTL_PAGE_EXECUTE_READWRITE },
	{ ".shr", 43, 0x0700, NTL_PAGE_READONLY },
	{ ".part", 47, 0x27f0, NTL_PAGE_READONLY },
	{ ".gap", 53, 0x2ff0, NTL_PAGE_WRITECOPY },
	{ ".vz", 59, 0x06f0, NTL_PAGE_READONLY },
	{ ".z", 61, 0x0ff0, NTL_PAGE_READONLY },
	{ ".zp", 67, 0x0ff0, NTL_PAGE_WRITECOPY },
	{ ".odd", 71, 0x11f0, NTL_PAGE_READONLY },
};

/* What .rw holds after the relocation targets, at +0x48. */
static const struct expect rw_tail = { ".rw", 17, 0x1200, NTL_PAGE_WRITECOPY };

static int errors;

/* An error about @file: counted, and said on stderr. */
#define bad(file, fmt, ...)	\
	(errors++, fprintf(stderr, "%s: " fmt "\n", file, ##__VA_ARGS__))

static __u8 *slurp(const char *path, __u64 *size)
{
	FILE *f = fopen(path, "rb");
	__u8 *buf = NULL;
	long len;

	if (!f)
		return NULL;
	len = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (len > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

static __u8 pattern(unsigned int seed, unsigned int i)
{
	return (i * seed + (i >> 7) + 1) & 0xff;
}

/* The pattern of @e at @p, for @n bytes: the first byte that differs, or -1. */
static long pattern_diff(const __u8 *p, const struct expect *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && i < e->count; i++)
		if (p[i] != pattern(e->seed, i))
			return i;
	return -1;
}

/* sections.S's images: what each section must hold once mapped. */
static void self_check(const char *file, const struct ntl_image *img, __u64 base,
		       const __u8 *view, const __u32 *prot)
{
	unsigned int ps = img->pe32plus ? 8 : 4, i, j;
	__u64 delta = base - img->image_base;

	for (i = 0; i < img->nsections; i++) {
		const struct ntl_section *s = &img->sec[i];
		const struct expect *e = NULL;
		int zeroed = !s->raw || !s->ptr;
		const __u8 *p = view + s->va;
		unsigned int have, data, k;
		__u64 want, got;
		long d;

		for (j = 0; j < ARRAY_SIZE(expects); j++)
			if (!strcmp(expects[j].name, s->name))
				e = &expects[j];
		if (!e)
			continue;
		/* The first pointer points at the section itself, relocated. */
		want = (zeroed ? 0 : img->image_base + s->va) + delta;
		got = ps == 8 ? ntl_get64(p) : ntl_get32(p);
		if (ps == 4)
			want = (__u32)want;
		if (got != want)
			bad(file, "%s: pointer 0x%llx, expected 0x%llx", s->name,
			    (unsigned long long)got, (unsigned long long)want);
		if (!img->flat && prot[s->va / NTL_PAGE] != e->prot)
			bad(file, "%s: %s, expected %s", s->name,
			    ntl_protect_name(prot[s->va / NTL_PAGE]), ntl_protect_name(e->prot));
		/*
		 * How much of the pattern the view has (the sectors of the raw
		 * data, as far as the section goes), and zeros after it.
		 */
		have = 2 * ps + e->count;
		data = have;
		if (zeroed) {
			data = 0;
		} else if (!img->flat) {
			k = ntl_round_up(s->raw + s->ptr % NTL_SECTOR, NTL_SECTOR);
			data = k < data ? k : data;
			k = ntl_round_up(s->vsize ? s->vsize : s->raw, NTL_PAGE);
			data = k < data ? k : data;
		}
		if (!strcmp(s->name, ".rw")) {
			/* The HIGH, LOW and HIGHLOW targets at +0x40. */
			if (ntl_get16(p + 0x40) != ((0x1234 + (delta >> 16)) & 0xffff) ||
			    ntl_get16(p + 0x42) != ((0x5678 + delta) & 0xffff) ||
			    ntl_get32(p + 0x44) != (__u32)(0x11223344 + delta))
				bad(file, ".rw: HIGH/LOW/HIGHLOW targets 0x%x 0x%x 0x%x",
				    ntl_get16(p + 0x40), ntl_get16(p + 0x42), ntl_get32(p + 0x44));
			d = pattern_diff(p + 2 * ps, e, e->count);
			if (d < 0)
				d = pattern_diff(p + 0x48, &rw_tail, rw_tail.count);
			if (d >= 0)
				bad(file, ".rw: pattern differs");
			continue;
		}
		if (data > 2 * ps) {
			d = pattern_diff(p + 2 * ps, e, data - 2 * ps);
			if (d >= 0)
				bad(file, "%s: pattern differs at +0x%lx", s->name, d + 2 * ps);
		}
		for (k = data > 2 * ps ? data : 2 * ps; k < have; k++) {
			if (p[k]) {
				bad(file, "%s: +0x%x is 0x%x, not zero", s->name, k, p[k]);
				break;
			}
		}
		if (!img->flat && !strcmp(s->name, ".gap"))
			for (k = 1; k < 3; k++)
				if (prot[s->va / NTL_PAGE + k] != NTL_PAGE_NOACCESS)
					bad(file, ".gap: page %u after it is not a gap", k);
	}
}

/* A flat image, laid out section by section as if it were not flat. */
static void flat_check(const char *file, const struct ntl_image *img, const __u8 *view)
{
	struct ntl_image copy = *img;
	__u32 *prot = calloc(img->view_size / NTL_PAGE, sizeof(*prot));
	__u8 *other = malloc(img->view_size);
	__u32 i;

	copy.flat = 0;
	if (!prot || !other) {
		bad(file, "out of memory");
		goto out;
	}
	ntl_build(&copy, img->image_base, 0, other, prot, NULL);
	for (i = 0; i < img->view_size; i++) {
		if (other[i] != view[i]) {
			bad(file, "flat: 1:1 and section by section differ at 0x%x", i);
			break;
		}
	}
out:
	free(prot);
	free(other);
}

static void check(const char *file, int self, int quiet)
{
	unsigned long applied, skipped;
	struct ntl_image img;
	__u32 *prot, p, n;
	char why[128];
	__u8 *data, *view;
	__u64 size, base;
	unsigned int i;

	data = slurp(file, &size);
	if (!data) {
		bad(file, "cannot read it");
		return;
	}
	if (ntl_parse(&img, data, size, why, sizeof(why))) {
		bad(file, "%s", why);
		free(data);
		return;
	}
	base = img.image_base;
	if (ntl_relocatable(&img))
		base = img.pe32plus ? base + 0x7ff10000ULL : (__u32)(base + 0x7ff10000U);
	view = malloc(img.view_size);
	prot = calloc(img.view_size / NTL_PAGE, sizeof(*prot));
	if (!view || !prot) {
		bad(file, "out of memory");
		goto out;
	}
	applied = ntl_build(&img, base, 0, view, prot, &skipped);
	if (skipped)
		bad(file, "%lu relocation entries the reference does not know", skipped);
	if (ntl_view_base(&img, view) != (img.flat ? img.image_base : base))
		bad(file, "the header's ImageBase is not the base");
	if (quiet) {
		printf("%s: %s%s base 0x%llx view 0x%x sections %u relocs %lu\n", file,
		       img.pe32plus ? "PE32+" : "PE32", img.flat ? " flat" : "",
		       (unsigned long long)base, img.view_size, img.nsections, applied);
	} else {
		printf("file %s\nbase 0x%llx\nview 0x%x\n", file, (unsigned long long)base,
		       img.view_size);
		for (i = 0; i < img.nsections; i++)
			printf("section %s 0x%x 0x%x 0x%x 0x%x 0x%08x\n", img.sec[i].name,
			       img.sec[i].va, img.sec[i].ptr, img.sec[i].raw, img.sec[i].vsize,
			       img.sec[i].characteristics);
		/* Relocations apply only when the image moves. */
		if (base == img.image_base)
			applied = ntl_relocate(&img, view, 0, &skipped);
		printf("relocs %lu\n", applied);
		for (p = 0; p < img.view_size / NTL_PAGE; p += n) {
			n = ntl_run(prot, img.view_size / NTL_PAGE, p);
			printf("run 0x%x 0x%x %s\n", p * NTL_PAGE, n * NTL_PAGE,
			       ntl_protect_name(prot[p]));
		}
	}
	if (self)
		self_check(file, &img, base, view, prot);
	if (self && img.flat)
		flat_check(file, &img, view);
out:
	free(view);
	free(prot);
	free(data);
}

int main(int argc, char **argv)
{
	int self = 0, quiet = 0, i, files = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s")) {
			self = 1;
		} else if (!strcmp(argv[i], "-q")) {
			quiet = 1;
		} else {
			check(argv[i], self, quiet);
			files++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "layout_check: %d files, %d errors, %.2f s\n", files, errors,
		(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return errors ? 1 : 0;
}
