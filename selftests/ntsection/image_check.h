/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks of SEC_IMAGE views against the reference of image_layout.h,
 * shared by image_map_test (the mingw-w64 test images) and
 * image_corpus_test (Wine's PE DLLs). Each check returns 0, or -1 with a
 * sentence in its @why buffer, so that a test can report it its own way.
 */
#ifndef NTSECTION_IMAGE_CHECK_H
#define NTSECTION_IMAGE_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ntsection_test.h"
#include "image_layout.h"

/* SPEC §10.4: a PE32 image mapped into a 64-bit process. */
#ifndef NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH
#define NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH	0x4000000Eu
#endif

/**
 * struct nti_ref - an image and the reference of its views
 * @name: for messages
 * @file: the file's bytes
 * @img: what image_layout.h read from them
 * @obj_base: the image object's base: TransferAddress - AddressOfEntryPoint
 * @noexec: the section is SEC_IMAGE_NO_EXECUTE
 * @view: the reference view for @obj_base (filled by nti_check_view())
 * @prot: the reference protection of each page
 * @pages: the view's pages
 * @skipped: pages of the last nti_check_bytes() no read could reach
 */
struct nti_ref {
	const char *name;
	__u8 *file;
	struct ntl_image img;
	__u64 obj_base;
	int noexec;
	__u8 *view;
	__u32 *prot;
	__u32 pages;
	__u32 skipped;
};

/* A sentence in @why, and -1: the failure return of the checks. */
#define nti_fail(why, len, ...)	(snprintf(why, len, __VA_ARGS__), -1)

/* The whole file at @fd, malloc()ed; NULL on failure. */
static inline __u8 *nti_read_fd(int fd, __u64 *size)
{
	struct stat st;
	__u64 done = 0;
	__u8 *buf;
	ssize_t n;

	if (fstat(fd, &st) || st.st_size <= 0)
		return NULL;
	buf = malloc(st.st_size);
	while (buf && done < (__u64)st.st_size) {
		n = pread(fd, buf + done, st.st_size - done, done);
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		done += n;
	}
	*size = st.st_size;
	return buf;
}

/* Read @fd and lay it out: 0, or -1 with @why. */
static inline int nti_ref_init(struct nti_ref *r, const char *name, int fd, char *why,
			       size_t len)
{
	__u64 size;

	memset(r, 0, sizeof(*r));
	r->name = name;
	r->file = nti_read_fd(fd, &size);
	if (!r->file)
		return nti_fail(why, len, "%s: cannot read the file", name);
	if (ntl_parse(&r->img, r->file, size, why, len))
		return -1;
	r->pages = r->img.view_size / NTL_PAGE;
	r->view = malloc(r->img.view_size);
	r->prot = calloc(r->pages, sizeof(*r->prot));
	if (!r->view || !r->prot)
		return nti_fail(why, len, "%s: out of memory", name);
	return 0;
}

static inline void nti_ref_free(struct nti_ref *r)
{
	free(r->file);
	free(r->view);
	free(r->prot);
	memset(r, 0, sizeof(*r));
}

/* NtCreateSection(SEC_IMAGE or @attrs) of the file at @fd, all access. */
static inline __u32 nti_create(int fd, __u32 protect, __u32 attrs, int *sec)
{
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = protect, .attrs = attrs,
		.file_fd = fd,
	};

	return nts_create_ex(&c, sec);
}

/* NtMapViewOfSection of the whole section, the system choosing the address. */
static inline __u32 nti_map(int sec, __u32 protect, __u64 *base, __u64 *size)
{
	struct nts_map_call c = {
		.section_fd = (__u32)sec, .process_fd = NTSECTION_CURRENT_PROCESS,
		.offset_null = 1, .inherit = NT_VIEW_SHARE, .protect = protect,
	};
	__u32 status = nts_map_call(&c);

	if ((__s32)status >= 0) {
		*base = c.base;
		*size = c.view_size;
	}
	return status;
}

/*
 * Does the view say the machine differs: a PE32 image in a 64-bit process
 * maps with STATUS_IMAGE_MACHINE_TYPE_MISMATCH wherever it goes (Wine's
 * rule; a PE32+ image in a 32-bit process does not).
 */
static inline int nti_mismatch(const struct nti_ref *r)
{
	return !r->img.pe32plus && sizeof(void *) == 8;
}

/* A status NtMapViewOfSection may give for a view of the image. */
static inline int nti_map_ok(const struct nti_ref *r, __u32 status)
{
	if (nti_mismatch(r))
		return status == NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH;
	return status == NT_STATUS_SUCCESS || status == NT_STATUS_IMAGE_NOT_AT_BASE;
}

/* The status of a view that cannot be at the base (another view is there). */
static inline __u32 nti_elsewhere_status(const struct nti_ref *r)
{
	return nti_mismatch(r) ? NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH :
				 NT_STATUS_IMAGE_NOT_AT_BASE;
}

/* The image object's base, from SectionImageInformation.TransferAddress. */
static inline int nti_object_base(struct nti_ref *r, int sec, char *why, size_t len)
{
	struct ntsection_image_information ii;
	struct ntsection_image_information32 ii32;
	__u64 transfer;
	__u32 status;

	if (sizeof(void *) == 8) {
		status = nts_query_ex(sec, NT_SECTION_IMAGE_INFORMATION, &ii, sizeof(ii), NULL);
		transfer = ii.transfer_address;
	} else {
		status = nts_query_ex(sec, NT_SECTION_IMAGE_INFORMATION, &ii32, sizeof(ii32), NULL);
		transfer = ii32.transfer_address;
	}
	if (status)
		return nti_fail(why, len, "%s: SectionImageInformation: 0x%08x", r->name, status);
	r->obj_base = transfer - r->img.entry;
	return 0;
}

/* Is [@addr, @addr + @size) free of mappings, by /proc/self/maps? */
static inline int nti_range_free(__u64 addr, __u64 size)
{
	unsigned long long start, end;
	char line[512];
	FILE *maps = fopen("/proc/self/maps", "r");
	int free_range = 1;

	if (!maps)
		return 0;
	while (fgets(line, sizeof(line), maps))
		if (sscanf(line, "%llx-%llx", &start, &end) == 2 && start < addr + size &&
		    end > addr)
			free_range = 0;
	fclose(maps);
	return free_range;
}

/* The section that gives @rva its bytes (the last one covering it), or NULL. */
static inline const struct ntl_section *nti_section_at(const struct ntl_image *img, __u64 rva)
{
	const struct ntl_section *found = NULL;
	unsigned int i;

	for (i = 0; i < img->nsections; i++) {
		const struct ntl_section *s = &img->sec[i];
		__u64 size = ntl_round_up(s->vsize ? s->vsize : s->raw, NTL_PAGE);

		if (rva >= s->va && rva - s->va < size)
			found = s;
	}
	return found;
}

/* The file offset the byte at @rva comes from, or -1 when it does not come from the file. */
static inline long long nti_file_offset(const struct ntl_image *img, __u64 rva)
{
	const struct ntl_section *s = nti_section_at(img, rva);
	__u64 first, len, off;

	if (img->flat)
		return rva < img->file_size ? (long long)rva : -1;
	if (!s) {
		if (rva < img->size_of_headers && rva < img->file_size)
			return rva;
		return -1;
	}
	if (!s->ptr || !s->raw)
		return -1;
	first = s->ptr & ~(__u64)(NTL_SECTOR - 1);
	len = ntl_round_up((__u64)s->raw + (s->ptr & (NTL_SECTOR - 1)), NTL_SECTOR);
	off = first + (rva - s->va);
	if (rva - s->va >= len || off >= img->file_size)
		return -1;
	return off;
}

/* Where a difference at @rva lies, for messages. */
static inline const char *nti_where(const struct ntl_image *img, __u64 rva)
{
	const struct ntl_section *s = nti_section_at(img, rva);

	if (s)
		return s->name;
	return rva < ntl_round_up(img->size_of_headers, NTL_PAGE) ? "header" : "gap";
}

/* Read @len bytes at @addr through /proc/self/mem (pages the process may not read). */
static inline int nti_read_mem(__u64 addr, void *buf, size_t len)
{
	static int mem = -1;

	if (mem < 0)
		mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
	if (mem < 0)
		return -1;
	return pread(mem, buf, len, (off_t)addr) == (ssize_t)len ? 0 : -1;
}

/*
 * The bytes of the view at @addr against r->view, page by page: readable
 * pages by loads (a fault is an error), the others (NOACCESS, EXECUTE)
 * through /proc/self/mem where it can read them (r->skipped counts the
 * rest). @prot, when not NULL, replaces r->prot for what is readable.
 */
static inline int nti_check_bytes(struct nti_ref *r, __u64 addr, const __u32 *prot, char *why,
				  size_t len)
{
	static __u8 page[NTL_PAGE];
	__u32 p, i;

	r->skipped = 0;
	if (!prot)
		prot = r->prot;
	for (p = 0; p < r->pages; p++) {
		__u32 rva = p * NTL_PAGE;
		__u8 *v = (__u8 *)(uintptr_t)(addr + rva);
		const __u8 *want = r->view + rva;
		const char *name = ntl_protect_name(prot[p]);
		int sig;

		if (ntl_protect_readable(prot[p])) {
			sig = nts_probe((char *)v, 0, 0);
			if (sig)
				return nti_fail(why, len,
						"%s: page 0x%x (%s, %s): signal %d on reading it",
						r->name, rva, nti_where(&r->img, rva), name, sig);
			if (!memcmp(v, want, NTL_PAGE))
				continue;
			memcpy(page, v, NTL_PAGE);
		} else if (nti_read_mem((uintptr_t)v, page, NTL_PAGE)) {
			r->skipped++;
			continue;
		}
		for (i = 0; i < NTL_PAGE && page[i] == want[i]; i++)
			;
		if (i < NTL_PAGE)
			return nti_fail(why, len,
					"%s: byte at RVA 0x%x (%s, %s, file offset %lld) is 0x%02x, expected 0x%02x (base 0x%llx)",
					r->name, rva + i, nti_where(&r->img, rva + i), name,
					nti_file_offset(&r->img, rva + i), page[i], want[i],
					(unsigned long long)r->obj_base);
	}
	return 0;
}

/*
 * NtQueryVirtualMemory over the whole view at @addr: one image allocation,
 * committed, and regions that are the runs of @prot (r->prot when NULL).
 */
static inline int nti_check_regions(const struct nti_ref *r, __u64 addr, const __u32 *prot,
				    char *why, size_t len)
{
	struct ntsection_vm_info vi;
	__u32 p = 0, run, status;

	if (!prot)
		prot = r->prot;
	while (p < r->pages) {
		__u32 rva = p * NTL_PAGE;
		__u64 at = addr + rva;
		unsigned long long got, want;

		run = ntl_run(prot, r->pages, p);
		/* Ask about an address inside the page: the region starts at the page. */
		status = nts_query_vm((void *)(uintptr_t)(at + (p & 1 ? 0x123 : 0)), &vi);
		if (status)
			return nti_fail(why, len, "%s: NtQueryVirtualMemory at RVA 0x%x: 0x%08x",
					r->name, rva, status);
		if (vi.base_address != at || vi.allocation_base != addr ||
		    vi.type != NT_MEM_IMAGE || vi.state != NT_MEM_COMMIT)
			return nti_fail(why, len,
					"%s: RVA 0x%x: BaseAddress 0x%llx AllocationBase 0x%llx Type 0x%x State 0x%x, expected 0x%llx 0x%llx MEM_IMAGE MEM_COMMIT",
					r->name, rva, (unsigned long long)vi.base_address,
					(unsigned long long)vi.allocation_base, vi.type, vi.state,
					(unsigned long long)at, (unsigned long long)addr);
		if (vi.allocation_protect != NT_PAGE_EXECUTE_WRITECOPY &&
		    !(r->noexec && (vi.allocation_protect == NT_PAGE_WRITECOPY ||
				    vi.allocation_protect == NT_PAGE_READONLY)))
			return nti_fail(why, len, "%s: AllocationProtect 0x%x", r->name,
					vi.allocation_protect);
		got = vi.region_size;
		want = (__u64)run * NTL_PAGE;
		if (vi.protect != prot[p] || got != want)
			return nti_fail(why, len,
					"%s: RVA 0x%x (%s): Protect %s RegionSize 0x%llx, expected %s 0x%llx",
					r->name, rva, nti_where(&r->img, rva),
					ntl_protect_name(vi.protect), got,
					ntl_protect_name(prot[p]), want);
		p += run;
	}
	return 0;
}

/*
 * A view the map call just made: @status, @addr, @size against the
 * contract, then the reference built for the base the mapped header says,
 * then every byte and every region. @base_free: the image object's base
 * range was free before the call (the view must be there then).
 */
static inline int nti_check_view(struct nti_ref *r, int sec, __u32 status, __u64 addr,
				 __u64 size, int base_free, char *why, size_t len)
{
	const struct ntl_image *img = &r->img;
	__u64 hdr_base;
	int sig;

	if (!nti_map_ok(r, status))
		return nti_fail(why, len, "%s: NtMapViewOfSection: 0x%08x", r->name, status);
	if (addr % NT_GRAN || size != img->view_size)
		return nti_fail(why, len,
				"%s: view at 0x%llx of 0x%llx bytes, expected 64 KiB aligned, 0x%x",
				r->name, (unsigned long long)addr, (unsigned long long)size,
				img->view_size);
	if (nti_object_base(r, sec, why, len))
		return -1;
	if (status == NT_STATUS_SUCCESS && addr != r->obj_base)
		return nti_fail(why, len,
				"%s: STATUS_SUCCESS at 0x%llx, the image's base is 0x%llx",
				r->name, (unsigned long long)addr, (unsigned long long)r->obj_base);
	if (status == NT_STATUS_IMAGE_NOT_AT_BASE && addr == r->obj_base)
		return nti_fail(why, len, "%s: STATUS_IMAGE_NOT_AT_BASE at the base 0x%llx",
				r->name, (unsigned long long)addr);
	if (base_free && addr != r->obj_base)
		return nti_fail(why, len, "%s: mapped at 0x%llx, its base 0x%llx was free", r->name,
				(unsigned long long)addr, (unsigned long long)r->obj_base);
	if (r->obj_base % NT_GRAN)
		return nti_fail(why, len, "%s: the image's base 0x%llx is not 64 KiB aligned",
				r->name, (unsigned long long)r->obj_base);
	if (!ntl_relocatable(img) && r->obj_base != img->image_base)
		return nti_fail(why, len, "%s: base 0x%llx, the image cannot move from 0x%llx",
				r->name, (unsigned long long)r->obj_base,
				(unsigned long long)img->image_base);

	/* The header says the base the view was relocated for. */
	sig = nts_probe((char *)(uintptr_t)addr, 0, 0);
	if (sig)
		return nti_fail(why, len, "%s: signal %d reading the header", r->name, sig);
	hdr_base = ntl_view_base(img, (void *)(uintptr_t)addr);
	if (hdr_base != r->obj_base)
		return nti_fail(why, len,
				"%s: the mapped header's ImageBase is 0x%llx, TransferAddress says 0x%llx",
				r->name, (unsigned long long)hdr_base,
				(unsigned long long)r->obj_base);
	ntl_build(img, hdr_base, r->noexec, r->view, r->prot, NULL);
	if (nti_check_bytes(r, addr, NULL, why, len))
		return -1;
	return nti_check_regions(r, addr, NULL, why, len);
}

/* After NtUnmapViewOfSection: nothing left of the view at @addr. */
static inline int nti_check_gone(const struct nti_ref *r, __u64 addr, __u64 size, char *why,
				 size_t len)
{
	struct ntsection_vm_info vi;
	unsigned char vec;
	__u32 status;

	status = nts_query_vm((void *)(uintptr_t)addr, &vi);
	if (!status && (vi.type == NT_MEM_IMAGE || vi.state != NT_MEM_FREE))
		return nti_fail(why, len,
				"%s: unmapped, yet NtQueryVirtualMemory says Type 0x%x State 0x%x",
				r->name, vi.type, vi.state);
	if (!nti_range_free(addr, size))
		return nti_fail(why, len, "%s: unmapped, yet /proc/self/maps has a mapping in it",
				r->name);
	if (mincore((void *)(uintptr_t)(addr + size - NTL_PAGE), NTL_PAGE, &vec) != -1 ||
	    errno != ENOMEM)
		return nti_fail(why, len, "%s: unmapped, yet mincore() finds its last page",
				r->name);
	return 0;
}

/* Pages of the VMAs in [@addr, @addr + @size), by /proc/self/smaps, in kB. */
struct nti_smaps {
	long rss;
	long pss;
	long shared_clean;
	long shared_dirty;
	long private_clean;
	long private_dirty;
	int vmas;
};

static inline int nti_smaps(__u64 addr, __u64 size, struct nti_smaps *s)
{
	unsigned long long start, end;
	char line[512];
	FILE *f = fopen("/proc/self/smaps", "r");
	int in = 0;
	long kb;

	memset(s, 0, sizeof(*s));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx ", &start, &end) == 2) {
			in = start >= addr && end <= addr + size;
			s->vmas += in;
		} else if (!in) {
			continue;
		} else if (sscanf(line, "Rss: %ld kB", &kb) == 1) {
			s->rss += kb;
		} else if (sscanf(line, "Pss: %ld kB", &kb) == 1) {
			s->pss += kb;
		} else if (sscanf(line, "Shared_Clean: %ld kB", &kb) == 1) {
			s->shared_clean += kb;
		} else if (sscanf(line, "Shared_Dirty: %ld kB", &kb) == 1) {
			s->shared_dirty += kb;
		} else if (sscanf(line, "Private_Clean: %ld kB", &kb) == 1) {
			s->private_clean += kb;
		} else if (sscanf(line, "Private_Dirty: %ld kB", &kb) == 1) {
			s->private_dirty += kb;
		}
	}
	fclose(f);
	return 0;
}

/* Read one byte of every readable page of the view at @addr. */
static inline void nti_touch(const struct nti_ref *r, __u64 addr)
{
	__u32 p;

	for (p = 0; p < r->pages; p++)
		if (ntl_protect_readable(r->prot[p]))
			(void)__atomic_load_n((char *)(uintptr_t)(addr + (__u64)p * NTL_PAGE),
					      __ATOMIC_RELAXED);
}

#endif /* NTSECTION_IMAGE_CHECK_H */
