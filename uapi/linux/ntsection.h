/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * ntsection: Windows NT section objects for Linux.
 *
 * The ioctl ABI of /dev/ntsection. Every value that crosses this ABI is the
 * Windows value: protections, allocation attributes, access masks and status
 * codes mean exactly what they mean to NtCreateSection and friends. The
 * names carry an NT_ prefix so that they cannot clash with Linux macros
 * (x86 defines PAGE_READONLY, for one); libntsection maps them to the
 * Windows spellings.
 *
 * Conventions (those of ntsync): only __u32 and __u64 fields, pointers as
 * __u64, structures padded to 8 bytes with explicit zeroed padding, and
 * unknown flags or non-zero reserved fields rejected with EINVAL.
 */
#ifndef __UAPI_LINUX_NTSECTION_H
#define __UAPI_LINUX_NTSECTION_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* NTSTATUS values (SPEC §2). */
#define NT_STATUS_SUCCESS			0x00000000u
#define NT_STATUS_OBJECT_NAME_EXISTS		0x40000000u
#define NT_STATUS_IMAGE_NOT_AT_BASE		0x40000003u
#define NT_STATUS_GUARD_PAGE_VIOLATION		0x80000001u
#define NT_STATUS_DATATYPE_MISALIGNMENT		0x80000002u
#define NT_STATUS_UNSUCCESSFUL			0xC0000001u
#define NT_STATUS_NOT_IMPLEMENTED		0xC0000002u
#define NT_STATUS_INVALID_INFO_CLASS		0xC0000003u
#define NT_STATUS_INFO_LENGTH_MISMATCH		0xC0000004u
#define NT_STATUS_ACCESS_VIOLATION		0xC0000005u
#define NT_STATUS_INVALID_HANDLE		0xC0000008u
#define NT_STATUS_INVALID_PARAMETER		0xC000000Du
#define NT_STATUS_NO_MEMORY			0xC0000017u
#define NT_STATUS_CONFLICTING_ADDRESSES		0xC0000018u
#define NT_STATUS_NOT_MAPPED_VIEW		0xC0000019u
#define NT_STATUS_UNABLE_TO_DELETE_SECTION	0xC000001Bu
#define NT_STATUS_INVALID_VIEW_SIZE		0xC000001Fu
#define NT_STATUS_INVALID_FILE_FOR_SECTION	0xC0000020u
#define NT_STATUS_ALREADY_COMMITTED		0xC0000021u
#define NT_STATUS_ACCESS_DENIED			0xC0000022u
#define NT_STATUS_OBJECT_TYPE_MISMATCH		0xC0000024u
#define NT_STATUS_OBJECT_NAME_INVALID		0xC0000033u
#define NT_STATUS_OBJECT_NAME_NOT_FOUND		0xC0000034u
#define NT_STATUS_OBJECT_NAME_COLLISION		0xC0000035u
#define NT_STATUS_OBJECT_PATH_NOT_FOUND		0xC000003Au
#define NT_STATUS_OBJECT_PATH_SYNTAX_BAD	0xC000003Bu
#define NT_STATUS_SECTION_TOO_BIG		0xC0000040u
#define NT_STATUS_INVALID_PAGE_PROTECTION	0xC0000045u
#define NT_STATUS_SECTION_NOT_IMAGE		0xC0000049u
#define NT_STATUS_SECTION_PROTECTION		0xC000004Eu
#define NT_STATUS_INVALID_IMAGE_FORMAT		0xC000007Bu
#define NT_STATUS_SECTION_NOT_EXTENDED		0xC0000087u
#define NT_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define NT_STATUS_NOT_SUPPORTED			0xC00000BBu
#define NT_STATUS_INVALID_PARAMETER_1		0xC00000EFu
#define NT_STATUS_INVALID_PARAMETER_2		0xC00000F0u
#define NT_STATUS_INVALID_PARAMETER_3		0xC00000F1u
#define NT_STATUS_INVALID_PARAMETER_4		0xC00000F2u
#define NT_STATUS_INVALID_PARAMETER_5		0xC00000F3u
#define NT_STATUS_INVALID_PARAMETER_6		0xC00000F4u
#define NT_STATUS_INVALID_PARAMETER_7		0xC00000F5u
#define NT_STATUS_INVALID_PARAMETER_8		0xC00000F6u
#define NT_STATUS_INVALID_PARAMETER_9		0xC00000F7u
#define NT_STATUS_INVALID_PARAMETER_10		0xC00000F8u
#define NT_STATUS_INVALID_PARAMETER_11		0xC00000F9u
#define NT_STATUS_INVALID_PARAMETER_12		0xC00000FAu
#define NT_STATUS_MAPPED_FILE_SIZE_ZERO		0xC000011Eu
#define NT_STATUS_COMMITMENT_LIMIT		0xC000012Du
#define NT_STATUS_INVALID_IMAGE_NOT_MZ		0xC000012Fu
#define NT_STATUS_MAPPED_ALIGNMENT		0xC0000220u
#define NT_STATUS_USER_MAPPED_FILE		0xC0000243u

/* Page protections. */
#define NT_PAGE_NOACCESS			0x01u
#define NT_PAGE_READONLY			0x02u
#define NT_PAGE_READWRITE			0x04u
#define NT_PAGE_WRITECOPY			0x08u
#define NT_PAGE_EXECUTE				0x10u
#define NT_PAGE_EXECUTE_READ			0x20u
#define NT_PAGE_EXECUTE_READWRITE		0x40u
#define NT_PAGE_EXECUTE_WRITECOPY		0x80u
#define NT_PAGE_GUARD				0x100u
#define NT_PAGE_NOCACHE				0x200u
#define NT_PAGE_WRITECOMBINE			0x400u

/* Section allocation attributes. */
#define NT_SEC_BASED				0x00200000u
#define NT_SEC_NO_CHANGE			0x00400000u
#define NT_SEC_FILE				0x00800000u
#define NT_SEC_IMAGE				0x01000000u
#define NT_SEC_RESERVE				0x04000000u
#define NT_SEC_COMMIT				0x08000000u
#define NT_SEC_NOCACHE				0x10000000u
#define NT_SEC_IMAGE_NO_EXECUTE			0x11000000u
#define NT_SEC_WRITECOMBINE			0x40000000u
#define NT_SEC_LARGE_PAGES			0x80000000u

/* Memory allocation types and states. */
#define NT_MEM_COMMIT				0x00001000u
#define NT_MEM_RESERVE				0x00002000u
#define NT_MEM_DECOMMIT				0x00004000u
#define NT_MEM_RELEASE				0x00008000u
#define NT_MEM_FREE				0x00010000u
#define NT_MEM_PRIVATE				0x00020000u
#define NT_MEM_MAPPED				0x00040000u
#define NT_MEM_TOP_DOWN				0x00100000u
#define NT_MEM_IMAGE				0x01000000u
#define NT_MEM_LARGE_PAGES			0x20000000u
#define NT_AT_ROUND_TO_PAGE			0x40000000u

/* Section access rights. */
#define NT_SECTION_QUERY			0x0001u
#define NT_SECTION_MAP_WRITE			0x0002u
#define NT_SECTION_MAP_READ			0x0004u
#define NT_SECTION_MAP_EXECUTE			0x0008u
#define NT_SECTION_EXTEND_SIZE			0x0010u
#define NT_SECTION_MAP_EXECUTE_EXPLICIT		0x0020u
#define NT_STANDARD_RIGHTS_REQUIRED		0x000F0000u
#define NT_SECTION_ALL_ACCESS			0x000F001Fu
#define NT_GENERIC_READ				0x80000000u
#define NT_GENERIC_WRITE			0x40000000u
#define NT_GENERIC_EXECUTE			0x20000000u
#define NT_GENERIC_ALL				0x10000000u

/* Object attributes. */
#define NT_OBJ_INHERIT				0x0002u
#define NT_OBJ_PERMANENT			0x0010u
#define NT_OBJ_EXCLUSIVE			0x0020u
#define NT_OBJ_CASE_INSENSITIVE			0x0040u
#define NT_OBJ_OPENIF				0x0080u
#define NT_OBJ_OPENLINK				0x0100u
#define NT_OBJ_KERNEL_HANDLE			0x0200u

/* SECTION_INHERIT. */
#define NT_VIEW_SHARE				1u
#define NT_VIEW_UNMAP				2u

/* Granularities. */
#define NT_ALLOCATION_GRANULARITY		0x10000u

/**
 * struct ntsection_version - reply of NTSECTION_IOC_VERSION
 * @major: ABI major version; a change here breaks existing callers
 * @minor: ABI minor version; grows when ioctls or flags are added
 * @status: NTSTATUS of the call, always NT_STATUS_SUCCESS
 * @pad: zero
 */
struct ntsection_version {
	__u32 major;
	__u32 minor;
	__u32 status;
	__u32 pad;
};

#define NTSECTION_ABI_MAJOR			1
#define NTSECTION_ABI_MINOR			0

/* 0xD5 is unused in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define NTSECTION_IOC_MAGIC			0xD5

#define NTSECTION_IOC_VERSION	_IOR(NTSECTION_IOC_MAGIC, 0x00, struct ntsection_version)

#endif /* __UAPI_LINUX_NTSECTION_H */
