/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: every difference between the kernels ntsection supports
 * (6.1 .. 6.12) lives here, and nowhere else.
 */
#ifndef _NTSECTION_COMPAT_H
#define _NTSECTION_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>

#if IS_ENABLED(CONFIG_KUNIT) && LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#ifndef EXPORT_SYMBOL_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#endif /* _NTSECTION_COMPAT_H */
