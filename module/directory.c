// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: the object directory (\BaseNamedObjects), one per IPC namespace
 * (SPEC §1.2).
 *
 * A name is an entry in a hash table keyed by the upcased name, tagged with
 * the IPC namespace it was created in, so a container sees only its own.
 * The entry lives as long as the section has a handle: the last handle's
 * close removes it, under the same mutex the lookups take, so a lookup can
 * never hand out a section whose last handle is going away.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/ipc_namespace.h>
#include <linux/nls.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"
#include "validate.h"

/**
 * struct nts_name - a name in a directory
 * @node: link in nts_directory
 * @section: the named section (no reference: the entry dies with the last
 *	handle, and every handle holds a reference)
 * @ns: the IPC namespace the name lives in (compared, never dereferenced)
 * @ns_inum: the namespace's inode number, so that a namespace reallocated at
 *	the same address does not inherit names
 * @hash: nts_name_hash() of @name
 * @len: length of @name in UTF-16 units
 * @name: the leaf name (what follows the directory and its separator)
 */
struct nts_name {
	struct hlist_node node;
	struct nts_section *section;
	struct ipc_namespace *ns;
	unsigned int ns_inum;
	u32 hash;
	u32 len;
	u16 name[];
};

static DEFINE_MUTEX(nts_directory_lock);
static DEFINE_HASHTABLE(nts_directory, 8);

/**
 * nts_current_ipc_ns() - the IPC namespace of the caller
 *
 * Return: the namespace, for comparisons only (no reference is taken).
 */
struct ipc_namespace *nts_current_ipc_ns(void)
{
	return current->nsproxy->ipc_ns;
}

/**
 * nts_directory_name() - the name of @sec in UTF-8, for listings
 * @sec: the section
 * @buf: where to write it, NUL-terminated
 * @len: size of @buf
 *
 * Call with the section kept alive; names of sections without one are "-".
 *
 * Return: the length written, without the NUL.
 */
int nts_directory_name(const struct nts_section *sec, char *buf, int len)
{
	int n = 0;

	mutex_lock(&nts_directory_lock);
	if (sec->name && atomic_read(&sec->handles))
		n = utf16s_to_utf8s((const wchar_t *)sec->name->name, sec->name->len,
				    UTF16_LITTLE_ENDIAN, buf, len - 1);
	mutex_unlock(&nts_directory_lock);
	if (n <= 0)
		n = strscpy(buf, "-", len);
	buf[n] = 0;
	return n;
}

static void nts_leaf(const u16 *name, u32 name_len, u32 obj_attrs, const u16 **leaf,
		     u32 *leaf_len)
{
	u32 start = 0, len = 0;

	/* The callers validated the name already: this cannot fail. */
	nts_check_name(name, name_len, obj_attrs & NT_OBJ_CASE_INSENSITIVE, &start, &len);
	*leaf = name + start;
	*leaf_len = len;
}

static struct nts_name *nts_find(const u16 *leaf, u32 len, bool ci)
{
	struct ipc_namespace *ns = nts_current_ipc_ns();
	u32 hash = nts_name_hash(leaf, len);
	struct nts_name *n;

	lockdep_assert_held(&nts_directory_lock);
	hash_for_each_possible(nts_directory, n, node, hash) {
		if (n->hash != hash || n->ns != ns || n->ns_inum != ns->ns.inum)
			continue;
		if (nts_name_equal(n->name, n->len, leaf, len, ci))
			return n;
	}
	return NULL;
}

/**
 * nts_directory_lookup() - find a named section in the caller's namespace
 * @name: the full NT path, UTF-16, kernel memory, already validated
 * @name_len: its length in bytes
 * @obj_attrs: NT_OBJ_* (OBJ_CASE_INSENSITIVE matters)
 * @out: on success, the section with a reference and a handle counted
 *
 * Return: NT_STATUS_SUCCESS or NT_STATUS_OBJECT_NAME_NOT_FOUND.
 */
u32 nts_directory_lookup(const u16 *name, u32 name_len, u32 obj_attrs,
			 struct nts_section **out)
{
	const u16 *leaf;
	struct nts_name *n;
	u32 len;

	nts_leaf(name, name_len, obj_attrs, &leaf, &len);
	mutex_lock(&nts_directory_lock);
	n = nts_find(leaf, len, obj_attrs & NT_OBJ_CASE_INSENSITIVE);
	if (n) {
		atomic_inc(&n->section->handles);
		nts_section_get(n->section);
		*out = n->section;
	}
	mutex_unlock(&nts_directory_lock);
	return n ? NT_STATUS_SUCCESS : NT_STATUS_OBJECT_NAME_NOT_FOUND;
}

/**
 * nts_directory_insert() - give @sec a name in the caller's namespace
 * @sec: a new section, with its one handle counted
 * @name: the full NT path, validated
 * @name_len: its length in bytes
 * @obj_attrs: NT_OBJ_*
 * @existing: with OBJ_OPENIF, set to the section that has the name already
 *
 * Return: NT_STATUS_SUCCESS; NT_STATUS_OBJECT_NAME_EXISTS (with OPENIF,
 * *@existing referenced) or NT_STATUS_OBJECT_NAME_COLLISION when the name
 * is taken; NT_STATUS_INSUFFICIENT_RESOURCES.
 */
u32 nts_directory_insert(struct nts_section *sec, const u16 *name, u32 name_len,
			 u32 obj_attrs, struct nts_section **existing)
{
	struct nts_name *n, *old;
	const u16 *leaf;
	u32 len;

	nts_leaf(name, name_len, obj_attrs, &leaf, &len);
	n = kzalloc(struct_size(n, name, len), GFP_KERNEL_ACCOUNT);
	if (!n)
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	memcpy(n->name, leaf, len * sizeof(u16));
	n->len = len;
	n->hash = nts_name_hash(leaf, len);
	n->section = sec;

	mutex_lock(&nts_directory_lock);
	old = nts_find(leaf, len, obj_attrs & NT_OBJ_CASE_INSENSITIVE);
	if (old) {
		u32 status = NT_STATUS_OBJECT_NAME_COLLISION;

		if (obj_attrs & NT_OBJ_OPENIF) {
			/* Raced with another creator: hand out theirs. */
			atomic_inc(&old->section->handles);
			nts_section_get(old->section);
			*existing = old->section;
			status = NT_STATUS_OBJECT_NAME_EXISTS;
		}
		mutex_unlock(&nts_directory_lock);
		kfree(n);
		return status;
	}
	n->ns = nts_current_ipc_ns();
	n->ns_inum = n->ns->ns.inum;
	hash_add(nts_directory, &n->node, n->hash);
	sec->name = n;
	mutex_unlock(&nts_directory_lock);
	return NT_STATUS_SUCCESS;
}

/**
 * nts_directory_remove() - a handle of a named section closed
 * @sec: the section
 *
 * Counts the handle down; the last one removes the name.
 */
void nts_directory_remove(struct nts_section *sec)
{
	struct nts_name *n = NULL;

	mutex_lock(&nts_directory_lock);
	if (atomic_dec_and_test(&sec->handles)) {
		n = sec->name;
		hash_del(&n->node);
	}
	mutex_unlock(&nts_directory_lock);
	kfree(n);
}

/* The permission bits of @sec's mode that apply to the caller's class. */
static umode_t nts_directory_class_bits(const struct nts_section *sec)
{
	if (uid_eq(current_euid(), sec->uid))
		return (sec->mode >> 6) & 7;
	if (in_egroup_p(sec->gid))
		return (sec->mode >> 3) & 7;
	return sec->mode & 7;
}

static bool nts_directory_ipc_owner(void)
{
	return ns_capable(nts_current_ipc_ns()->user_ns, CAP_IPC_OWNER);
}

/**
 * nts_directory_may_open() - may the caller open @sec with @access?
 * @sec: a named section
 * @access: the (generic-mapped) access asked for
 *
 * The creator's uid/gid and mode decide, like shm_open(): query, read and
 * execute rights need read permission; write and extend need write
 * permission. CAP_IPC_OWNER overrides, as for SysV IPC.
 *
 * Return: true when allowed.
 */
bool nts_directory_may_open(const struct nts_section *sec, u32 access)
{
	umode_t need = 0;

	if (access & (NT_SECTION_QUERY | NT_SECTION_MAP_READ | NT_SECTION_MAP_EXECUTE |
		      NT_SECTION_MAP_EXECUTE_EXPLICIT))
		need |= 4;
	if (access & (NT_SECTION_MAP_WRITE | NT_SECTION_EXTEND_SIZE))
		need |= 2;
	if ((nts_directory_class_bits(sec) & need) == need)
		return true;
	return nts_directory_ipc_owner();
}

/**
 * nts_directory_max_access() - MAXIMUM_ALLOWED on @sec for the caller
 * @sec: a section
 *
 * Exactly the rights nts_directory_may_open() would allow: those of the
 * caller's class of the mode (nts_mode_access()), or all of them with
 * CAP_IPC_OWNER.
 *
 * Return: the access mask, 0 when the caller may have no right.
 */
u32 nts_directory_max_access(const struct nts_section *sec)
{
	u32 access = nts_mode_access(nts_directory_class_bits(sec));

	if (access != NT_SECTION_ALL_ACCESS && nts_directory_ipc_owner())
		access = NT_SECTION_ALL_ACCESS;
	return access;
}
