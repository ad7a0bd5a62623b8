// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: image objects, what Windows calls an image's control area
 * (SPEC §10.3, §10.4).
 *
 * Every SEC_IMAGE section of one version of one file (the inode, with its
 * size, mtime and ctime as a change cookie) shares one image object: a
 * pagefile section of the module's own laid out at the image's RVAs, filled
 * once from the file (header, then each section's raw data, from
 * PointerToRawData rounded down to 512 bytes), relocated once for the base
 * the object gets, with that base written into the mapped header. Every
 * view of the image maps these pages: read-only and code pages are shared
 * by every process whatever the FileAlignment, writable ones are
 * copy-on-write per process, and IMAGE_SCN_MEM_SHARED writable sections
 * are one copy for every mapper. An image with such a section is shared
 * only among the processes of one user, so that no user writes what
 * another user's program reads.
 *
 * The object lives as long as its internal section: user sections hold it
 * (each counts as a handle of the internal section) and so do its views'
 * files; the table below only points at it, and forgets it when it goes.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/once.h>
#include <linux/random.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/sched/signal.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "image.h"
#include "internal.h"
#include "validate.h"

/* Windows reads an image's sections in 512-byte sectors (SPEC §10.3). */
#define NTS_SECTOR		512u
#define NTS_COPY_CHUNK		(64u << 10)
#define NTS_RELOC_CHUNK		1024u	/* entries read at a time */

/* Where DYNAMIC_BASE images go: 64 KiB slots in a range of each bitness. */
#define NTS_BASE64_LOW		0x500000000000ull
#define NTS_BASE64_HIGH		0x600000000000ull
#define NTS_BASE32_LOW		0x50000000ull
#define NTS_BASE32_HIGH		0x70000000ull

/* Base relocation types (IMAGE_REL_BASED_*). */
#define NTS_REL_ABSOLUTE	0
#define NTS_REL_HIGH		1
#define NTS_REL_LOW		2
#define NTS_REL_HIGHLOW		3
#define NTS_REL_HIGHADJ		4
#define NTS_REL_DIR64		10

static DEFINE_SPINLOCK(nts_image_lock);
static DEFINE_HASHTABLE(nts_images, 6);
static siphash_key_t nts_image_key;

/* The file version an image object was made from. */
struct nts_image_cookie {
	loff_t size;
	struct timespec64 mtime;
	struct timespec64 ctime;
};

/**
 * struct nts_image_obj - an image object
 * @node: link in the table (unhashed once the object is going)
 * @sec: the internal section whose pages are the image (it owns this)
 * @inode: the file's inode (a reference)
 * @cookie: the file version
 * @owner: images with a shared writable section: the user they are
 *	shared among
 * @owner_gid: and the group
 * @per_user: the image has a shared writable section
 * @denied: the object holds the file's write access denied (as exec does)
 *	for its lifetime: the file cannot change under a shared object
 * @base: the image's base (SPEC §10.4)
 * @pages: the view's size in pages
 * @pe32plus: a PE32+ image
 * @regions: the view's regions
 * @nregions: how many
 * @regions_nx: the same for SEC_IMAGE_NO_EXECUTE sections
 * @nregions_nx: how many
 */
struct nts_image_obj {
	struct hlist_node node;
	struct nts_section *sec;
	struct inode *inode;
	struct nts_image_cookie cookie;
	kuid_t owner;
	kgid_t owner_gid;
	bool per_user;
	bool denied;
	bool pe32plus;
	u64 base;
	u32 pages;
	u32 nregions;
	u32 nregions_nx;
	struct nts_image_region *regions;
	struct nts_image_region *regions_nx;
};

static void nts_image_cookie_read(struct inode *inode, struct nts_image_cookie *c)
{
	c->size = i_size_read(inode);
	c->mtime = nts_inode_mtime(inode);
	c->ctime = nts_inode_ctime(inode);
}

static bool nts_image_cookie_eq(const struct nts_image_cookie *a,
				const struct nts_image_cookie *b)
{
	return a->size == b->size && timespec64_equal(&a->mtime, &b->mtime) &&
	       timespec64_equal(&a->ctime, &b->ctime);
}

/*
 * Copy @len bytes of @src at @spos to @dst at @dpos; the file may end
 * first (the rest stays zero). Stops for a fatal signal.
 */
static int nts_image_copy(struct file *src, loff_t spos, struct file *dst, loff_t dpos,
			  u64 len, void *buf)
{
	while (len) {
		size_t n = min_t(u64, len, NTS_COPY_CHUNK);
		ssize_t got, put;

		if (fatal_signal_pending(current))
			return -EINTR;
		got = kernel_read(src, buf, n, &spos);
		if (got < 0)
			return got;
		if (!got)
			return 0;
		put = kernel_write(dst, buf, got, &dpos);
		if (put != got)
			return put < 0 ? put : -EIO;
		len -= got;
		cond_resched();
	}
	return 0;
}

/* Make @len bytes at @pos of @dst zero again (a hole: no page is kept). */
static int nts_image_zero(struct file *dst, loff_t pos, u64 len)
{
	if (!len)
		return 0;
	return vfs_fallocate(dst, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, pos, len);
}

/* The bytes of section @i in the view: VirtualSize, or SizeOfRawData. */
static u64 nts_scn_span(const struct nts_image_scn *s)
{
	return s->vsize ?: s->raw;
}

/*
 * Lay the file out at the RVAs (SPEC §10.3): the header up to
 * SizeOfHeaders; each section's raw data from PointerToRawData rounded down
 * to 512 bytes, whole sectors, as far as the file and the section's pages
 * go; a flat image 1:1. Where a section lies over one before it, its pages
 * are its own: their rest is zeroed.
 */
static int nts_image_fill(struct file *file, const struct nts_image_info *info,
			  struct file *shm, u64 size)
{
	u64 fsize = info->file_size;
	void *buf;
	int err;
	u32 i, j;

	buf = kvmalloc(NTS_COPY_CHUNK, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	if (info->flat) {
		err = nts_image_copy(file, 0, shm, 0, min_t(u64, fsize, info->size_of_image), buf);
		goto out;
	}
	err = nts_image_copy(file, 0, shm, 0,
			     min3((u64)info->size_of_headers, fsize, size), buf);
	for (i = 0; !err && i < info->nsections; i++) {
		const struct nts_image_scn *s = &info->scn[i];
		u64 span = PAGE_ALIGN((u64)nts_scn_span(s)), start, len = 0;

		if (s->va >= size)
			continue;
		span = min(span, size - s->va);
		if (s->raw && s->ptr) {
			start = ALIGN_DOWN(s->ptr, NTS_SECTOR);
			len = ALIGN((u64)s->raw + (s->ptr - start), NTS_SECTOR);
			len = min3(len, fsize > start ? fsize - start : 0, span);
			err = nts_image_copy(file, start, shm, s->va, len, buf);
		}
		/* Over an earlier section (or the header): the rest is zero. */
		for (j = 0; !err && j <= i; j++) {
			u64 lo = j < i ? info->scn[j].va : 0;
			u64 hi = j < i ? lo + PAGE_ALIGN((u64)nts_scn_span(&info->scn[j])) :
					 PAGE_ALIGN((u64)info->size_of_headers);

			if (lo < s->va + span && hi > s->va + len) {
				err = nts_image_zero(shm, s->va + len, span - len);
				break;
			}
		}
	}
out:
	kvfree(buf);
	return err;
}

/*
 * One fixup at @off of the page in @pg (@avail bytes of it readable);
 * @next is the entry after it, for HIGHADJ, which takes it (*@used).
 */
static int nts_reloc_one(u8 *pg, u32 avail, u16 entry, u64 delta, int next, bool *used)
{
	u32 off = entry & 0xfff, v;

	switch (entry >> 12) {
	case NTS_REL_ABSOLUTE:
		return 0;
	case NTS_REL_HIGH:
		if (off + 2 > avail)
			return -ENOEXEC;
		put_unaligned_le16(get_unaligned_le16(pg + off) + (u16)(delta >> 16), pg + off);
		return 0;
	case NTS_REL_LOW:
		if (off + 2 > avail)
			return -ENOEXEC;
		put_unaligned_le16(get_unaligned_le16(pg + off) + (u16)delta, pg + off);
		return 0;
	case NTS_REL_HIGHLOW:
		if (off + 4 > avail)
			return -ENOEXEC;
		put_unaligned_le32(get_unaligned_le32(pg + off) + (u32)delta, pg + off);
		return 0;
	case NTS_REL_HIGHADJ:
		if (off + 2 > avail || next < 0)
			return -ENOEXEC;
		v = ((u32)get_unaligned_le16(pg + off) << 16) + (s16)next;
		v += (u32)delta + 0x8000;
		put_unaligned_le16(v >> 16, pg + off);
		*used = true;
		return 0;
	case NTS_REL_DIR64:
		if (off + 8 > avail)
			return -ENOEXEC;
		put_unaligned_le64(get_unaligned_le64(pg + off) + delta, pg + off);
		return 0;
	default:
		return -ENOEXEC;
	}
}

static int nts_read_exact(struct file *f, void *buf, size_t len, loff_t pos)
{
	ssize_t n = kernel_read(f, buf, len, &pos);

	return n == len ? 0 : n < 0 ? n : -ENOEXEC;
}

/* Apply one relocation block: @count entries at @pos, for the page at @rva. */
static int nts_reloc_block(struct file *shm, u64 size, u32 rva, loff_t pos, u32 count,
			   u64 delta, u8 *pg, __le16 *ents)
{
	u32 avail, i, n, done = 0;
	bool used = false;
	ssize_t put;
	int err;

	if (rva >= size)
		return -ENOEXEC;
	avail = min_t(u64, size - rva, PAGE_SIZE + 8);
	err = nts_read_exact(shm, pg, avail, rva);
	if (err)
		return err;
	while (done < count) {
		n = min(count - done, NTS_RELOC_CHUNK);
		err = nts_read_exact(shm, ents, n * 2, pos + done * 2);
		if (err)
			return err;
		for (i = 0; i < n; i++) {
			int next = -1;

			if (used) {	/* taken by the HIGHADJ before it */
				used = false;
				continue;
			}
			if (i + 1 < n) {
				next = le16_to_cpu(ents[i + 1]);
			} else if (done + i + 1 < count) {
				__le16 e;

				err = nts_read_exact(shm, &e, 2, pos + (done + i + 1) * 2);
				if (err)
					return err;
				next = le16_to_cpu(e);
			}
			err = nts_reloc_one(pg, avail, le16_to_cpu(ents[i]), delta, next, &used);
			if (err)
				return err;
		}
		done += n;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	put = kernel_write(shm, pg, avail, &(loff_t){ rva });
	return put == avail ? 0 : put < 0 ? put : -EIO;
}

/*
 * Apply the image's base relocations for @delta, once, into its pages
 * (SPEC §10.4). The directory is read from the laid-out image; a block or
 * fixup outside the image, or a type this module does not know, is
 * INVALID_IMAGE_FORMAT (-ENOEXEC).
 */
static int nts_image_relocate(struct file *shm, const struct nts_image_info *info, u64 size,
			      u64 delta)
{
	u64 pos = info->reloc_rva, end = pos + info->reloc_size;
	__le16 *ents;
	int err = 0;
	u8 *pg;

	if (pos >= size)
		return -ENOEXEC;
	end = min(end, size);
	pg = kmalloc(PAGE_SIZE + 8, GFP_KERNEL_ACCOUNT);
	ents = kmalloc_array(NTS_RELOC_CHUNK, sizeof(*ents), GFP_KERNEL_ACCOUNT);
	if (!pg || !ents) {
		err = -ENOMEM;
		goto out;
	}
	while (end - pos >= 8) {
		u8 hdr[8];
		u32 rva, bsize;

		err = nts_read_exact(shm, hdr, sizeof(hdr), pos);
		if (err)
			break;
		rva = get_unaligned_le32(hdr);
		bsize = get_unaligned_le32(hdr + 4);
		if (!bsize)
			break;	/* padding after the last block */
		if (bsize < 8 || bsize > end - pos) {
			err = -ENOEXEC;
			break;
		}
		err = nts_reloc_block(shm, size, rva, pos + 8, (bsize - 8) / 2, delta, pg, ents);
		if (err)
			break;
		pos += bsize;
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
out:
	kfree(pg);
	kfree(ents);
	return err;
}

/*
 * The object's base: the header's ImageBase, unless the image is
 * DYNAMIC_BASE with relocations; then a 64 KiB slot chosen from the file's
 * identity with a key drawn once per module load, so that every object of
 * that file version gets the same base until the next boot.
 */
static u64 nts_image_pick_base(const struct nts_image_info *info, const struct inode *inode,
			       const struct nts_image_cookie *c)
{
	u64 low = info->pe32plus ? NTS_BASE64_LOW : NTS_BASE32_LOW;
	u64 high = info->pe32plus ? NTS_BASE64_HIGH : NTS_BASE32_HIGH;
	u64 size = ALIGN((u64)info->size_of_image, NTS_GRANULARITY), slots, h;

	if (!(info->image_flags & NTS_IMAGE_FLAG_RELOCATED) || !info->relocs || info->flat ||
	    size >= high - low)
		return info->image_base;
	get_random_once(&nts_image_key, sizeof(nts_image_key));
	slots = (high - low - size) / NTS_GRANULARITY + 1;
	h = siphash_3u64(inode->i_ino, ((u64)inode->i_sb->s_dev << 32) ^ c->size,
			 timespec64_to_ns(&c->mtime) ^ timespec64_to_ns(&c->ctime),
			 &nts_image_key);
	return low + (h % slots) * NTS_GRANULARITY;
}

/* Fill, relocate and stamp the base: the object's pages, once. */
static int nts_image_build(struct nts_image_obj *obj, struct file *file,
			   const struct nts_image_info *info)
{
	struct file *shm = obj->sec->backing;
	u64 size = (u64)obj->pages << PAGE_SHIFT;
	u8 field[8];
	int err, width = info->pe32plus ? 8 : 4;
	ssize_t put;

	err = nts_image_fill(file, info, shm, size);
	if (err || obj->base == info->image_base)
		return err;
	err = nts_image_relocate(shm, info, size, obj->base - info->image_base);
	if (err)
		return err;
	/* The mapped header says where the image is (SPEC §10.4). */
	if (info->base_field + width > min_t(u64, info->size_of_headers, size))
		return 0;
	put_unaligned_le64(obj->base, field);
	put = kernel_write(shm, field, width, &(loff_t){ info->base_field });
	return put == width ? 0 : put < 0 ? put : -EIO;
}

static bool nts_image_match(const struct nts_image_obj *obj, const struct inode *inode,
			    const struct nts_image_cookie *c, bool per_user, kuid_t uid, kgid_t gid)
{
	return obj->inode == inode && nts_image_cookie_eq(&obj->cookie, c) &&
	       obj->per_user == per_user &&
	       (!per_user || (uid_eq(obj->owner, uid) && gid_eq(obj->owner_gid, gid)));
}

/* A live object for this file version, with a user counted, or NULL. */
static struct nts_image_obj *nts_image_lookup(const struct inode *inode,
					      const struct nts_image_cookie *c,
					      bool per_user, kuid_t uid, kgid_t gid)
{
	struct nts_image_obj *obj;

	hash_for_each_possible(nts_images, obj, node, (unsigned long)inode) {
		if (nts_image_match(obj, inode, c, per_user, uid, gid) &&
		    kref_get_unless_zero(&obj->sec->ref)) {
			atomic_inc(&obj->sec->handles);
			return obj;
		}
	}
	return NULL;
}

static bool nts_regions_shared(const struct nts_image_region *r, u32 n)
{
	while (n--)
		if (r[n].shared)
			return true;
	return false;
}

/**
 * nts_image_object_release() - free an image object with its internal section
 * @obj: the object, whose section is going away
 */
void nts_image_object_release(struct nts_image_obj *obj)
{
	spin_lock(&nts_image_lock);
	hash_del(&obj->node);
	spin_unlock(&nts_image_lock);
	/* allow_write_access() of the file the object denied it for. */
	if (obj->denied)
		atomic_inc(&obj->inode->i_writecount);
	iput(obj->inode);
	kfree(obj->regions);
	kfree(obj->regions_nx);
	kfree(obj);
}

/*
 * May the calling task share an image object with a shared writable
 * section? Only an ordinary process: one with capabilities, or running
 * with other ids than its real ones (setuid, setgid), gets an object of its
 * own, so that no process of the same user writes what it runs.
 */
static bool nts_image_may_share_writable(void)
{
	const struct cred *c = current_cred();

	return current->mm && cap_isclear(c->cap_effective) && cap_isclear(c->cap_permitted) &&
	       uid_eq(c->euid, c->uid) && uid_eq(c->suid, c->uid) && uid_eq(c->fsuid, c->uid) &&
	       gid_eq(c->egid, c->gid) && gid_eq(c->sgid, c->gid) && gid_eq(c->fsgid, c->gid);
}

/**
 * nts_image_object_get() - the image object of a SEC_IMAGE section's file
 * @file: the file, opened for reading
 * @info: its headers, as nts_image_parse() found them
 * @denied: in: the caller denied the file's write access (deny_write_access())
 *	before the headers were read; out: false when the object took that
 *	over (else the caller allows it again)
 * @out: on success, the object; its internal section holds one reference
 *	and one handle for the caller (nts_image_object_put())
 *
 * The object of this file version when one is alive, else a new one,
 * filled and relocated now (SPEC §10.3, §10.4). Only objects made while
 * nobody could write the file are shared, and they keep it so: a file open
 * for writing gets an object of its own, never found by another section.
 *
 * Return: an NTSTATUS.
 */
u32 nts_image_object_get(struct file *file, const struct nts_image_info *info, bool *denied,
			 struct nts_image_obj **out)
{
	struct inode *inode = file_inode(file);
	const struct cred *cred = current_cred();
	struct nts_image_obj *obj, *other = NULL;
	struct nts_image_cookie cookie;
	struct nts_section *sec;
	bool per_user, shared;
	u32 status;
	int err;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);
	if (!obj)
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	if (nts_image_layout(info, false, &obj->regions, &obj->nregions) ||
	    nts_image_layout(info, true, &obj->regions_nx, &obj->nregions_nx)) {
		kfree(obj->regions);
		kfree(obj);
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	}
	per_user = nts_regions_shared(obj->regions, obj->nregions);
	shared = *denied && (!per_user || nts_image_may_share_writable());
	nts_image_cookie_read(inode, &cookie);

	if (shared) {
		spin_lock(&nts_image_lock);
		other = nts_image_lookup(inode, &cookie, per_user, cred->fsuid, cred->fsgid);
		spin_unlock(&nts_image_lock);
	}
	if (other) {
		kfree(obj->regions);
		kfree(obj->regions_nx);
		kfree(obj);
		*out = other;
		return NT_STATUS_SUCCESS;
	}

	ihold(inode);
	obj->inode = inode;
	obj->cookie = cookie;
	obj->owner = cred->fsuid;
	obj->owner_gid = cred->fsgid;
	obj->per_user = per_user;
	obj->pages = DIV_ROUND_UP_ULL((u64)info->size_of_image, PAGE_SIZE) ?: 1;
	obj->pe32plus = info->pe32plus;
	obj->base = nts_image_pick_base(info, inode, &cookie);
	INIT_HLIST_NODE(&obj->node);
	if (shared) {
		obj->denied = true;
		*denied = false;
	}

	status = nts_section_new_image(obj, (u64)obj->pages << PAGE_SHIFT, &sec);
	if (status) {
		/* Not yet owned by a section. */
		nts_image_object_release(obj);
		return status;
	}
	obj->sec = sec;
	err = nts_image_build(obj, file, info);
	if (err) {
		nts_section_handle_closed(sec);
		return err == -ENOEXEC ? NT_STATUS_INVALID_IMAGE_FORMAT :
		       nts_errno_to_status(err, NT_STATUS_INSUFFICIENT_RESOURCES);
	}
	if (shared) {
		spin_lock(&nts_image_lock);
		other = nts_image_lookup(inode, &cookie, per_user, cred->fsuid, cred->fsgid);
		if (!other)
			hash_add(nts_images, &obj->node, (unsigned long)inode);
		spin_unlock(&nts_image_lock);
	}
	if (other) {
		/* Another creator of the same version was first. */
		nts_section_handle_closed(sec);
		obj = other;
	}
	*out = obj;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_image_object_put() - a SEC_IMAGE section lets go of its image object
 * @obj: the object
 */
void nts_image_object_put(struct nts_image_obj *obj)
{
	nts_section_handle_closed(obj->sec);
}

/**
 * nts_image_object_section() - the internal section of an image object
 * @obj: the object
 *
 * Return: the section whose pages are the image.
 */
struct nts_section *nts_image_object_section(const struct nts_image_obj *obj)
{
	return obj->sec;
}

/**
 * nts_image_object_layout() - what a view of an image object looks like
 * @obj: the object
 * @no_exec: the view is of a SEC_IMAGE_NO_EXECUTE section
 * @regions: out: its regions
 * @count: out: how many
 *
 * Return: the view's size in pages.
 */
u32 nts_image_object_layout(const struct nts_image_obj *obj, bool no_exec,
			    const struct nts_image_region **regions, u32 *count)
{
	*regions = no_exec ? obj->regions_nx : obj->regions;
	*count = no_exec ? obj->nregions_nx : obj->nregions;
	return obj->pages;
}

/**
 * nts_image_object_base() - where an image object's views belong
 * @obj: the object
 * @pe32plus: out: a PE32+ image
 *
 * Return: the base its pages are relocated for (SPEC §10.4).
 */
u64 nts_image_object_base(const struct nts_image_obj *obj, bool *pe32plus)
{
	*pe32plus = obj->pe32plus;
	return obj->base;
}

/**
 * nts_image_object_inode() - the inode of the file an image object is of
 * @obj: the object
 *
 * Return: the inode (the object holds a reference), to compare only.
 */
const struct inode *nts_image_object_inode(const struct nts_image_obj *obj)
{
	return obj->inode;
}
