/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection selftests: small PE images built byte by byte (SPEC §10): a
 * PE32+ (AMD64) or PE32 (i386) DLL with one code section, and more
 * sections on request.
 */
#ifndef _NTSECTION_PE_IMAGE_H
#define _NTSECTION_PE_IMAGE_H

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMG_SIZE	0x400u
#define IMG_LFANEW	0x80u
#define IMG_OPT		(IMG_LFANEW + 24)

struct img {
	unsigned char b[IMG_SIZE];
	unsigned int size;
	int pe32;
};

static inline void put16(unsigned char *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void put32(unsigned char *p, unsigned int v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static inline unsigned char *img_section(struct img *m)
{
	return m->b + IMG_OPT + (m->pe32 ? 224 : 240);
}

/* One code section at RVA 0x1000, its 0x200 bytes of data at 0x200. */
static inline void img_init(struct img *m, int pe32)
{
	unsigned char *opt = m->b + IMG_OPT, *s;

	memset(m, 0, sizeof(*m));
	m->pe32 = pe32;
	m->size = IMG_SIZE;
	put16(m->b, 0x5a4d);
	put32(m->b + 0x3c, IMG_LFANEW);
	put32(m->b + IMG_LFANEW, 0x00004550);
	put16(m->b + IMG_LFANEW + 4, pe32 ? 0x14c : 0x8664);
	put16(m->b + IMG_LFANEW + 6, 1);
	put16(m->b + IMG_LFANEW + 20, pe32 ? 224 : 240);
	put16(m->b + IMG_LFANEW + 22, 0x2022);		/* DLL */
	put16(opt, pe32 ? 0x10b : 0x20b);
	put32(opt + 4, 0x200);
	put32(opt + 16, 0x1000);
	if (pe32) {
		put32(opt + 28, 0x10000000);
	} else {
		put32(opt + 24, 0x80000000);
		put32(opt + 28, 0x1);			/* 0x180000000 */
	}
	put32(opt + 32, 0x1000);
	put32(opt + 36, 0x200);
	put16(opt + 40, 10);
	put16(opt + 48, 6);
	put16(opt + 50, 2);
	put32(opt + 56, 0x2000);
	put32(opt + 60, 0x200);
	put32(opt + 64, 0x1234);
	put16(opt + 68, 2);				/* GUI */
	put16(opt + 70, 0x0140);			/* DYNAMIC_BASE, NX_COMPAT */
	put32(opt + 72, 0x40000);			/* stack reserve (low half) */
	put32(opt + (pe32 ? 76 : 80), 0x1000);	/* stack commit */
	put32(opt + (pe32 ? 92 : 108), 16);
	s = img_section(m);
	memcpy(s, ".text", 5);
	put32(s + 8, 0x80);
	put32(s + 12, 0x1000);
	put32(s + 16, 0x200);
	put32(s + 20, 0x200);
	put32(s + 36, 0x60000020);
	memset(m->b + 0x200, 0xcc, 0x200);
}

/* Write the image to a new file at @path: 0, or -1. */
static inline int img_write(const struct img *m, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, m->b, m->size) == (ssize_t)m->size;
	close(fd);
	return ok ? 0 : -1;
}

/*
 * The image as a read-only file (closed for writing, so that an image
 * object may deny its write access); -1 on failure.
 */
static inline int img_file(const struct img *m)
{
	char path[] = "/tmp/ntsection-image-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	if (img_write(m, path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	return fd;
}

/* Add section @i (the table has room for a few) and grow SizeOfImage. */
static inline void img_add(struct img *m, unsigned int i, unsigned int va, unsigned int vsize,
			   unsigned int raw, unsigned int ptr, unsigned int flags)
{
	unsigned char *s = img_section(m) + 40 * i;

	memcpy(s, ".data", 5);
	put32(s + 8, vsize);
	put32(s + 12, va);
	put32(s + 16, raw);
	put32(s + 20, ptr);
	put32(s + 36, flags);
	put16(m->b + IMG_LFANEW + 6, i + 1);
	put32(m->b + IMG_OPT + 56, va + 0x1000);
}

#endif /* _NTSECTION_PE_IMAGE_H */
