/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: declarations shared by the files of the module.
 */
#ifndef _NTSECTION_INTERNAL_H
#define _NTSECTION_INTERNAL_H

#include <linux/types.h>
#include <linux/ntsection.h>
#include "compat.h"

/* An NTSTATUS is a u32 throughout the module: the NT_STATUS_* values. */
static inline bool nt_success(u32 status)
{
	return (s32)status >= 0;
}

/* device.c */
void nts_fill_version(struct ntsection_version *ver);

#endif /* _NTSECTION_INTERNAL_H */
