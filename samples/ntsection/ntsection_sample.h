/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The ioctl interface of the ntsection sample driver (/dev/ntsection_sample).
 */
#ifndef _NTSECTION_SAMPLE_H
#define _NTSECTION_SAMPLE_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct ntsection_sample_share - ask the driver for a shared buffer
 * @size: in: bytes wanted
 * @user_addr: out: where the driver mapped the view into the caller
 * @seed: in: the driver writes byte i as (seed + i) & 0xff
 * @status: out: the NTSTATUS of the first call that failed, or 0
 */
struct ntsection_sample_share {
	__u64 size;
	__u64 user_addr;
	__u32 seed;
	__u32 status;
};

/**
 * struct ntsection_sample_verify - let the driver check the caller's answer
 * @bad_offset: out: the first byte that is not ~((seed + i) & 0xff), or
 *	the buffer's size when all are right
 */
struct ntsection_sample_verify {
	__u64 bad_offset;
};

#define NTSECTION_SAMPLE_MAGIC	0xD6
#define NTSECTION_SAMPLE_SHARE	_IOWR(NTSECTION_SAMPLE_MAGIC, 0, struct ntsection_sample_share)
#define NTSECTION_SAMPLE_VERIFY	_IOR(NTSECTION_SAMPLE_MAGIC, 1, struct ntsection_sample_verify)
#define NTSECTION_SAMPLE_UNMAP	_IO(NTSECTION_SAMPLE_MAGIC, 2)

#endif /* _NTSECTION_SAMPLE_H */
