/* SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause */
/*
 * <ntsection.h>: the NT native API of section objects on Linux (libntsection).
 *
 * Types, constants and functions carry their Windows names, values and
 * signatures, so that code written against the NT native API (NtCreateSection
 * and friends, ntdll/ntddk style) compiles unchanged; every constant that also
 * crosses the kernel ABI is taken from <linux/ntsection.h>. Link with
 * -lntsection (pkg-config ntsection).
 *
 * Handles: a HANDLE is a file descriptor, encoded as (fd + 1) * 4
 * (NTSECTION_FD_TO_HANDLE(), the kernel's encoding too) so that, as on
 * Windows, NULL is never a handle, handles are multiples of 4 (the low two
 * bits are ignored, as Windows ignores them) and NtCurrentProcess(),
 * (HANDLE)-1, is no file descriptor. ntsection_handle_from_fd() and
 * ntsection_fd_from_handle() convert; NtClose() is close(2).
 *
 * Strings: WCHAR is 16 bits (UTF-16), as on Windows; on Linux, L"" literals
 * are 32-bit, so write names as u"\\BaseNamedObjects\\name" (C11 char16_t).
 *
 * See ntsection(3) for what each call does and where Linux differs.
 */
#ifndef _NTSECTION_H
#define _NTSECTION_H

#include <stddef.h>
#include <linux/types.h>
#include <linux/ntsection.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Windows base types, with their Windows widths (LLP64 sizes on LP64 Linux). */
#define VOID void
#define NTAPI
typedef unsigned char UCHAR;
typedef unsigned char BOOLEAN;
typedef unsigned short USHORT;
#ifdef __cplusplus
typedef char16_t WCHAR;
typedef char16_t *PWSTR;
typedef const char16_t *PCWSTR;
#else
typedef unsigned short WCHAR;
typedef unsigned short *PWSTR;
typedef const unsigned short *PCWSTR;
#endif
typedef int LONG;
typedef unsigned int ULONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef long LONG_PTR;
typedef unsigned long ULONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG NTSTATUS;
typedef ULONG ACCESS_MASK;
typedef void *PVOID;
typedef void *HANDLE;
typedef void **PHANDLE;
typedef unsigned int *PULONG;
typedef unsigned long *PSIZE_T;
typedef unsigned long *PULONG_PTR;

typedef union _LARGE_INTEGER {
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	};
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		LONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		LONG HighPart;
#endif
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef struct _UNICODE_STRING {
	USHORT Length;		/* bytes, without a terminator */
	USHORT MaximumLength;	/* bytes */
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;			/* sizeof(OBJECT_ATTRIBUTES) */
	HANDLE RootDirectory;		/* NULL: ObjectName is an absolute NT path */
	PUNICODE_STRING ObjectName;
	ULONG Attributes;		/* OBJ_* */
	PVOID SecurityDescriptor;	/* see NTSECTION_MODE_DESCRIPTOR */
	PVOID SecurityQualityOfService;	/* ignored */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

/* Fills @p the way Windows' InitializeObjectAttributes() macro does. */
static inline void ntsection_init_object_attributes(POBJECT_ATTRIBUTES p, PUNICODE_STRING n,
						    ULONG a, HANDLE r, PVOID s)
{
	p->Length = sizeof(OBJECT_ATTRIBUTES);
	p->RootDirectory = r;
	p->ObjectName = n;
	p->Attributes = a;
	p->SecurityDescriptor = s;
	p->SecurityQualityOfService = NULL;
}

#define InitializeObjectAttributes(p, n, a, r, s) ntsection_init_object_attributes(p, n, a, r, s)

/* NtOpenProcess's ClientId: a process id (and a thread of it, or NULL). */
typedef struct _CLIENT_ID {
	HANDLE UniqueProcess;
	HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

/* IoStatusBlock: an I/O's status and its byte count. */
typedef struct _IO_STATUS_BLOCK {
	union {
		NTSTATUS Status;
		PVOID Pointer;
	};
	ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

#define NT_SUCCESS(status)	((NTSTATUS)(status) >= 0)
#define NT_INFORMATION(status)	((((ULONG)(status)) >> 30) == 1)
#define NT_WARNING(status)	((((ULONG)(status)) >> 30) == 2)
#define NT_ERROR(status)	((((ULONG)(status)) >> 30) == 3)

/* Pseudo-handles. */
#define NtCurrentProcess()	((HANDLE)~(ULONG_PTR)0)
#define ZwCurrentProcess()	NtCurrentProcess()

/* NTSTATUS values (SPEC §2). */
#define STATUS_SUCCESS			((NTSTATUS)NT_STATUS_SUCCESS)
#define STATUS_OBJECT_NAME_EXISTS	((NTSTATUS)NT_STATUS_OBJECT_NAME_EXISTS)
#define STATUS_IMAGE_NOT_AT_BASE	((NTSTATUS)NT_STATUS_IMAGE_NOT_AT_BASE)
#define STATUS_IMAGE_MACHINE_TYPE_MISMATCH ((NTSTATUS)NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH)
#define STATUS_BUFFER_OVERFLOW		((NTSTATUS)NT_STATUS_BUFFER_OVERFLOW)
#define STATUS_PARTIAL_COPY		((NTSTATUS)NT_STATUS_PARTIAL_COPY)
#define STATUS_INVALID_CID		((NTSTATUS)NT_STATUS_INVALID_CID)
#define STATUS_INVALID_PARAMETER_MIX	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_MIX)
#define STATUS_PROCESS_IS_TERMINATING	((NTSTATUS)NT_STATUS_PROCESS_IS_TERMINATING)
#define STATUS_FILE_INVALID		((NTSTATUS)NT_STATUS_FILE_INVALID)
#define STATUS_NOT_SAME_DEVICE		((NTSTATUS)NT_STATUS_NOT_SAME_DEVICE)
#define STATUS_INVALID_ADDRESS		((NTSTATUS)NT_STATUS_INVALID_ADDRESS)
#define STATUS_NOT_MAPPED_DATA		((NTSTATUS)NT_STATUS_NOT_MAPPED_DATA)
#define STATUS_DISK_FULL		((NTSTATUS)NT_STATUS_DISK_FULL)
#define STATUS_UNEXPECTED_IO_ERROR	((NTSTATUS)NT_STATUS_UNEXPECTED_IO_ERROR)
#define STATUS_IO_DEVICE_ERROR		((NTSTATUS)NT_STATUS_IO_DEVICE_ERROR)
#define STATUS_GUARD_PAGE_VIOLATION	((NTSTATUS)NT_STATUS_GUARD_PAGE_VIOLATION)
#define STATUS_DATATYPE_MISALIGNMENT	((NTSTATUS)NT_STATUS_DATATYPE_MISALIGNMENT)
#define STATUS_UNSUCCESSFUL		((NTSTATUS)NT_STATUS_UNSUCCESSFUL)
#define STATUS_NOT_IMPLEMENTED		((NTSTATUS)NT_STATUS_NOT_IMPLEMENTED)
#define STATUS_INVALID_INFO_CLASS	((NTSTATUS)NT_STATUS_INVALID_INFO_CLASS)
#define STATUS_INFO_LENGTH_MISMATCH	((NTSTATUS)NT_STATUS_INFO_LENGTH_MISMATCH)
#define STATUS_ACCESS_VIOLATION		((NTSTATUS)NT_STATUS_ACCESS_VIOLATION)
#define STATUS_INVALID_HANDLE		((NTSTATUS)NT_STATUS_INVALID_HANDLE)
#define STATUS_INVALID_PARAMETER	((NTSTATUS)NT_STATUS_INVALID_PARAMETER)
#define STATUS_NO_MEMORY		((NTSTATUS)NT_STATUS_NO_MEMORY)
#define STATUS_CONFLICTING_ADDRESSES	((NTSTATUS)NT_STATUS_CONFLICTING_ADDRESSES)
#define STATUS_NOT_MAPPED_VIEW		((NTSTATUS)NT_STATUS_NOT_MAPPED_VIEW)
#define STATUS_UNABLE_TO_DELETE_SECTION	((NTSTATUS)NT_STATUS_UNABLE_TO_DELETE_SECTION)
#define STATUS_INVALID_VIEW_SIZE	((NTSTATUS)NT_STATUS_INVALID_VIEW_SIZE)
#define STATUS_INVALID_FILE_FOR_SECTION	((NTSTATUS)NT_STATUS_INVALID_FILE_FOR_SECTION)
#define STATUS_ALREADY_COMMITTED	((NTSTATUS)NT_STATUS_ALREADY_COMMITTED)
#define STATUS_ACCESS_DENIED		((NTSTATUS)NT_STATUS_ACCESS_DENIED)
#define STATUS_OBJECT_TYPE_MISMATCH	((NTSTATUS)NT_STATUS_OBJECT_TYPE_MISMATCH)
#define STATUS_OBJECT_NAME_INVALID	((NTSTATUS)NT_STATUS_OBJECT_NAME_INVALID)
#define STATUS_OBJECT_NAME_NOT_FOUND	((NTSTATUS)NT_STATUS_OBJECT_NAME_NOT_FOUND)
#define STATUS_OBJECT_NAME_COLLISION	((NTSTATUS)NT_STATUS_OBJECT_NAME_COLLISION)
#define STATUS_OBJECT_PATH_NOT_FOUND	((NTSTATUS)NT_STATUS_OBJECT_PATH_NOT_FOUND)
#define STATUS_OBJECT_PATH_SYNTAX_BAD	((NTSTATUS)NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
#define STATUS_SECTION_TOO_BIG		((NTSTATUS)NT_STATUS_SECTION_TOO_BIG)
#define STATUS_INVALID_PAGE_PROTECTION	((NTSTATUS)NT_STATUS_INVALID_PAGE_PROTECTION)
#define STATUS_SECTION_NOT_IMAGE	((NTSTATUS)NT_STATUS_SECTION_NOT_IMAGE)
#define STATUS_SECTION_PROTECTION	((NTSTATUS)NT_STATUS_SECTION_PROTECTION)
#define STATUS_INVALID_IMAGE_FORMAT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_FORMAT)
#define STATUS_SECTION_NOT_EXTENDED	((NTSTATUS)NT_STATUS_SECTION_NOT_EXTENDED)
#define STATUS_INSUFFICIENT_RESOURCES	((NTSTATUS)NT_STATUS_INSUFFICIENT_RESOURCES)
#define STATUS_NOT_SUPPORTED		((NTSTATUS)NT_STATUS_NOT_SUPPORTED)
#define STATUS_INVALID_PARAMETER_1	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_1)
#define STATUS_INVALID_PARAMETER_2	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_2)
#define STATUS_INVALID_PARAMETER_3	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_3)
#define STATUS_INVALID_PARAMETER_4	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_4)
#define STATUS_INVALID_PARAMETER_5	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_5)
#define STATUS_INVALID_PARAMETER_6	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_6)
#define STATUS_INVALID_PARAMETER_7	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_7)
#define STATUS_INVALID_PARAMETER_8	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_8)
#define STATUS_INVALID_PARAMETER_9	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_9)
#define STATUS_INVALID_PARAMETER_10	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_10)
#define STATUS_INVALID_PARAMETER_11	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_11)
#define STATUS_INVALID_PARAMETER_12	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_12)
#define STATUS_MAPPED_FILE_SIZE_ZERO	((NTSTATUS)NT_STATUS_MAPPED_FILE_SIZE_ZERO)
#define STATUS_COMMITMENT_LIMIT		((NTSTATUS)NT_STATUS_COMMITMENT_LIMIT)
#define STATUS_INVALID_IMAGE_NOT_MZ	((NTSTATUS)NT_STATUS_INVALID_IMAGE_NOT_MZ)
#define STATUS_INVALID_IMAGE_PROTECT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_PROTECT)
#define STATUS_INVALID_IMAGE_WIN_16	((NTSTATUS)NT_STATUS_INVALID_IMAGE_WIN_16)
#define STATUS_INVALID_IMAGE_NE_FORMAT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_NE_FORMAT)
#define STATUS_MAPPED_ALIGNMENT		((NTSTATUS)NT_STATUS_MAPPED_ALIGNMENT)
#define STATUS_USER_MAPPED_FILE		((NTSTATUS)NT_STATUS_USER_MAPPED_FILE)

/*
 * Statuses of private (non-view) memory, which only the library produces;
 * the kernel ABI does not carry them, so they are given here, with their
 * Windows values.
 */
#define STATUS_UNABLE_TO_FREE_VM	((NTSTATUS)0xC000001Au)
#define STATUS_PRIVILEGE_NOT_HELD	((NTSTATUS)NT_STATUS_PRIVILEGE_NOT_HELD)
#define STATUS_NOT_COMMITTED		((NTSTATUS)0xC000002Du)
#define STATUS_FREE_VM_NOT_AT_BASE	((NTSTATUS)0xC000009Fu)
#define STATUS_MEMORY_NOT_ALLOCATED	((NTSTATUS)0xC00000A0u)

/* Page protections. */
#define PAGE_NOACCESS			NT_PAGE_NOACCESS
#define PAGE_READONLY			NT_PAGE_READONLY
#define PAGE_READWRITE			NT_PAGE_READWRITE
#define PAGE_WRITECOPY			NT_PAGE_WRITECOPY
#define PAGE_EXECUTE			NT_PAGE_EXECUTE
#define PAGE_EXECUTE_READ		NT_PAGE_EXECUTE_READ
#define PAGE_EXECUTE_READWRITE		NT_PAGE_EXECUTE_READWRITE
#define PAGE_EXECUTE_WRITECOPY		NT_PAGE_EXECUTE_WRITECOPY
#define PAGE_GUARD			NT_PAGE_GUARD
#define PAGE_NOCACHE			NT_PAGE_NOCACHE
#define PAGE_WRITECOMBINE		NT_PAGE_WRITECOMBINE

/* Section allocation attributes. */
#define SEC_BASED			NT_SEC_BASED
#define SEC_NO_CHANGE			NT_SEC_NO_CHANGE
#define SEC_FILE			NT_SEC_FILE
#define SEC_IMAGE			NT_SEC_IMAGE
#define SEC_RESERVE			NT_SEC_RESERVE
#define SEC_COMMIT			NT_SEC_COMMIT
#define SEC_NOCACHE			NT_SEC_NOCACHE
#define SEC_IMAGE_NO_EXECUTE		NT_SEC_IMAGE_NO_EXECUTE
#define SEC_WRITECOMBINE		NT_SEC_WRITECOMBINE
#define SEC_LARGE_PAGES			NT_SEC_LARGE_PAGES

/* Memory allocation types, states and region types. */
#define MEM_COMMIT			NT_MEM_COMMIT
#define MEM_RESERVE			NT_MEM_RESERVE
#define MEM_DECOMMIT			NT_MEM_DECOMMIT
#define MEM_RELEASE			NT_MEM_RELEASE
#define MEM_FREE			NT_MEM_FREE
#define MEM_PRIVATE			NT_MEM_PRIVATE
#define MEM_MAPPED			NT_MEM_MAPPED
#define MEM_TOP_DOWN			NT_MEM_TOP_DOWN
#define MEM_IMAGE			NT_MEM_IMAGE
#define MEM_LARGE_PAGES			NT_MEM_LARGE_PAGES
#define AT_ROUND_TO_PAGE		NT_AT_ROUND_TO_PAGE
/* NtAllocateVirtualMemory flags of private memory (Windows values). */
#define MEM_RESET			NT_MEM_RESET
#define MEM_WRITE_WATCH			NT_MEM_WRITE_WATCH
#define MEM_PHYSICAL			NT_MEM_PHYSICAL
/* Placeholders (Windows 10 1803+). */
#define MEM_RESERVE_PLACEHOLDER		NT_MEM_RESERVE_PLACEHOLDER
#define MEM_REPLACE_PLACEHOLDER		NT_MEM_REPLACE_PLACEHOLDER
#define MEM_PRESERVE_PLACEHOLDER	NT_MEM_PRESERVE_PLACEHOLDER
#define MEM_COALESCE_PLACEHOLDERS	NT_MEM_COALESCE_PLACEHOLDERS
#define MEM_UNMAP_WITH_TRANSIENT_BOOST	NT_MEM_UNMAP_WITH_TRANSIENT_BOOST
/* MemExtendedParameterAttributeFlags. */
#define MEM_EXTENDED_PARAMETER_GRAPHICS		NT_MEM_EXT_GRAPHICS
#define MEM_EXTENDED_PARAMETER_NONPAGED		NT_MEM_EXT_NONPAGED
#define MEM_EXTENDED_PARAMETER_ZERO_PAGES_OPTIONAL NT_MEM_EXT_ZERO_PAGES_OPTIONAL
#define MEM_EXTENDED_PARAMETER_NONPAGED_LARGE	NT_MEM_EXT_NONPAGED_LARGE
#define MEM_EXTENDED_PARAMETER_NONPAGED_HUGE	NT_MEM_EXT_NONPAGED_HUGE
#define MEM_EXTENDED_PARAMETER_SOFT_FAULT_PAGES	NT_MEM_EXT_SOFT_FAULT_PAGES
#define MEM_EXTENDED_PARAMETER_EC_CODE		NT_MEM_EXT_EC_CODE
#define MEM_EXTENDED_PARAMETER_IMAGE_NO_HPAT	NT_MEM_EXT_IMAGE_NO_HPAT
#define MEM_EXTENDED_PARAMETER_TYPE_BITS	NT_MEM_EXT_TYPE_BITS
#define NUMA_NO_PREFERRED_NODE			0xffffffffu

/* Access rights. */
#define SECTION_QUERY			NT_SECTION_QUERY
#define SECTION_MAP_WRITE		NT_SECTION_MAP_WRITE
#define SECTION_MAP_READ		NT_SECTION_MAP_READ
#define SECTION_MAP_EXECUTE		NT_SECTION_MAP_EXECUTE
#define SECTION_EXTEND_SIZE		NT_SECTION_EXTEND_SIZE
#define SECTION_MAP_EXECUTE_EXPLICIT	NT_SECTION_MAP_EXECUTE_EXPLICIT
#define STANDARD_RIGHTS_REQUIRED	NT_STANDARD_RIGHTS_REQUIRED
#define SECTION_ALL_ACCESS		NT_SECTION_ALL_ACCESS
#define GENERIC_READ			NT_GENERIC_READ
#define GENERIC_WRITE			NT_GENERIC_WRITE
#define GENERIC_EXECUTE			NT_GENERIC_EXECUTE
#define GENERIC_ALL			NT_GENERIC_ALL
#define MAXIMUM_ALLOWED			NT_MAXIMUM_ALLOWED
#define PROCESS_VM_OPERATION		NT_PROCESS_VM_OPERATION
#define PROCESS_VM_READ			NT_PROCESS_VM_READ
#define PROCESS_VM_WRITE		NT_PROCESS_VM_WRITE
#define PROCESS_QUERY_INFORMATION	NT_PROCESS_QUERY_INFORMATION
#define PROCESS_QUERY_LIMITED_INFORMATION NT_PROCESS_QUERY_LIMITED_INFORMATION
#define PROCESS_ALL_ACCESS		NT_PROCESS_ALL_ACCESS

/* Object attributes. */
#define OBJ_INHERIT			NT_OBJ_INHERIT
#define OBJ_PERMANENT			NT_OBJ_PERMANENT
#define OBJ_EXCLUSIVE			NT_OBJ_EXCLUSIVE
#define OBJ_CASE_INSENSITIVE		NT_OBJ_CASE_INSENSITIVE
#define OBJ_OPENIF			NT_OBJ_OPENIF
#define OBJ_OPENLINK			NT_OBJ_OPENLINK
#define OBJ_KERNEL_HANDLE		NT_OBJ_KERNEL_HANDLE

typedef enum _SECTION_INHERIT {
	ViewShare = NT_VIEW_SHARE,
	ViewUnmap = NT_VIEW_UNMAP
} SECTION_INHERIT;

typedef enum _SECTION_INFORMATION_CLASS {
	SectionBasicInformation = NT_SECTION_BASIC_INFORMATION,
	SectionImageInformation = NT_SECTION_IMAGE_INFORMATION,
	SectionRelocationInformation,
	SectionOriginalBaseInformation,
	SectionInternalImageInformation,
	MaxSectionInfoClass
} SECTION_INFORMATION_CLASS;

typedef struct _SECTION_BASIC_INFORMATION {
	PVOID BaseAddress;
	ULONG Attributes;
	LARGE_INTEGER Size;
} SECTION_BASIC_INFORMATION, *PSECTION_BASIC_INFORMATION;

typedef struct _SECTION_IMAGE_INFORMATION {
	PVOID TransferAddress;
	ULONG ZeroBits;
	SIZE_T MaximumStackSize;
	SIZE_T CommittedStackSize;
	ULONG SubSystemType;
	union {
		struct {
			USHORT SubSystemMinorVersion;
			USHORT SubSystemMajorVersion;
		};
		ULONG SubSystemVersion;
	};
	union {
		struct {
			USHORT MajorOperatingSystemVersion;
			USHORT MinorOperatingSystemVersion;
		};
		ULONG OperatingSystemVersion;
	};
	USHORT ImageCharacteristics;
	USHORT DllCharacteristics;
	USHORT Machine;
	BOOLEAN ImageContainsCode;
	UCHAR ImageFlags;
	ULONG LoaderFlags;
	ULONG ImageFileSize;
	ULONG CheckSum;
} SECTION_IMAGE_INFORMATION, *PSECTION_IMAGE_INFORMATION;

typedef enum _MEMORY_INFORMATION_CLASS {
	MemoryBasicInformation = 0,
	MemoryWorkingSetInformation,
	MemoryMappedFilenameInformation,
	MemoryRegionInformation,
	MemoryWorkingSetExInformation,
	MemorySharedCommitInformation,
	MemoryImageInformation,
	MemoryRegionInformationEx
} MEMORY_INFORMATION_CLASS;

/*
 * MemoryRegionInformation, MemoryRegionInformationEx: the allocation an
 * address is in, as a whole. RegionType has real bits here (Windows
 * reports 0).
 */
typedef struct _MEMORY_REGION_INFORMATION {
	PVOID AllocationBase;
	ULONG AllocationProtect;
	ULONG RegionType;	/* MEM_REGION_* */
	SIZE_T RegionSize;
	SIZE_T CommitSize;
	ULONG_PTR PartitionId;
	ULONG_PTR NodePreference;
} MEMORY_REGION_INFORMATION, *PMEMORY_REGION_INFORMATION;

#define MEM_REGION_PRIVATE			0x1
#define MEM_REGION_MAPPED_DATA_FILE		0x2
#define MEM_REGION_MAPPED_IMAGE			0x4
#define MEM_REGION_MAPPED_PAGE_FILE		0x8
#define MEM_REGION_MAPPED_PHYSICAL		0x10
#define MEM_REGION_DIRECT_MAPPED		0x20
#define MEM_REGION_SOFTWARE_ENCLAVE		0x40
#define MEM_REGION_PAGE_SIZE_64K		0x80
#define MEM_REGION_PLACEHOLDER_RESERVATION	0x100
#define MEM_REGION_MAPPED_AWE			0x200
#define MEM_REGION_MAPPED_WRITE_WATCH		0x400
#define MEM_REGION_PAGE_SIZE_LARGE		0x800
#define MEM_REGION_PAGE_SIZE_HUGE		0x1000

/* MemoryWorkingSetExInformation: VirtualAttributes, Windows' layout. */
typedef union _PSAPI_WORKING_SET_EX_BLOCK {
	ULONG_PTR Flags;
	struct {
		ULONG_PTR Valid : 1;
		ULONG_PTR ShareCount : 3;
		ULONG_PTR Win32Protection : 11;
		ULONG_PTR Shared : 1;
		ULONG_PTR Node : 6;
		ULONG_PTR Locked : 1;
		ULONG_PTR LargePage : 1;
		ULONG_PTR Reserved : 7;
		ULONG_PTR Bad : 1;
	};
	struct {
		ULONG_PTR Valid : 1;
		ULONG_PTR Reserved0 : 14;
		ULONG_PTR Shared : 1;
		ULONG_PTR Reserved1 : 15;
		ULONG_PTR Bad : 1;
	} Invalid;
} PSAPI_WORKING_SET_EX_BLOCK, *PPSAPI_WORKING_SET_EX_BLOCK;

/* One entry of the MemoryWorkingSetExInformation array. */
typedef struct _PSAPI_WORKING_SET_EX_INFORMATION {
	PVOID VirtualAddress;
	PSAPI_WORKING_SET_EX_BLOCK VirtualAttributes;
} PSAPI_WORKING_SET_EX_INFORMATION, *PPSAPI_WORKING_SET_EX_INFORMATION;

typedef PSAPI_WORKING_SET_EX_BLOCK MEMORY_WORKING_SET_EX_BLOCK;
typedef PSAPI_WORKING_SET_EX_INFORMATION MEMORY_WORKING_SET_EX_INFORMATION;

/* MemoryImageInformation: the image view an address is in. */
typedef struct _MEMORY_IMAGE_INFORMATION {
	PVOID ImageBase;
	SIZE_T SizeOfImage;
	ULONG ImageFlags;	/* ImagePartialMap 0x1, ImageNotExecutable 0x2 */
} MEMORY_IMAGE_INFORMATION, *PMEMORY_IMAGE_INFORMATION;

/* MemoryMappedFilenameInformation: the name follows the structure. */
typedef struct _MEMORY_SECTION_NAME {
	UNICODE_STRING SectionFileName;
} MEMORY_SECTION_NAME, *PMEMORY_SECTION_NAME;

typedef struct _MEMORY_BASIC_INFORMATION {
	PVOID BaseAddress;
	PVOID AllocationBase;
	ULONG AllocationProtect;
	USHORT PartitionId;
	SIZE_T RegionSize;
	ULONG State;
	ULONG Protect;
	ULONG Type;
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

#if defined(__x86_64__) && !defined(__cplusplus)
_Static_assert(sizeof(MEMORY_REGION_INFORMATION) == 48, "MEMORY_REGION_INFORMATION is 48 bytes");
_Static_assert(sizeof(PSAPI_WORKING_SET_EX_INFORMATION) == 16,
	       "PSAPI_WORKING_SET_EX_INFORMATION is 16 bytes");
_Static_assert(sizeof(SECTION_BASIC_INFORMATION) == 24, "SECTION_BASIC_INFORMATION is 24 bytes");
_Static_assert(sizeof(SECTION_IMAGE_INFORMATION) == 64, "SECTION_IMAGE_INFORMATION is 64 bytes");
_Static_assert(sizeof(MEMORY_BASIC_INFORMATION) == 48, "MEMORY_BASIC_INFORMATION is 48 bytes");
_Static_assert(sizeof(OBJECT_ATTRIBUTES) == 48, "OBJECT_ATTRIBUTES is 48 bytes");
#endif

/*
 * An ntsection extension: who may open a named section. Windows decides
 * with the security descriptor in OBJECT_ATTRIBUTES.SecurityDescriptor; a
 * section here has a POSIX mode instead (the creator's uid and gid, mode
 * 0600 by default, like shm_open()). Point SecurityDescriptor at one of
 * these to choose the mode. A Windows SECURITY_DESCRIPTOR with a NULL DACL
 * ("everyone") gives 0666; any other descriptor gives the default. The
 * kernel reads it: this is <linux/ntsection.h>'s struct
 * ntsection_mode_descriptor with NTSECTION_MODE_DESCRIPTOR_MAGIC, spelled
 * the Windows way.
 */
typedef struct _NTSECTION_MODE_DESCRIPTOR {
	ULONG Magic;	/* NTSECTION_MODE_DESCRIPTOR_MAGIC */
	ULONG Mode;	/* permission bits, 0 for the default */
} NTSECTION_MODE_DESCRIPTOR, *PNTSECTION_MODE_DESCRIPTOR;

#ifndef __cplusplus
_Static_assert(sizeof(NTSECTION_MODE_DESCRIPTOR) == sizeof(struct ntsection_mode_descriptor) &&
	       offsetof(NTSECTION_MODE_DESCRIPTOR, Magic) ==
	       offsetof(struct ntsection_mode_descriptor, magic) &&
	       offsetof(NTSECTION_MODE_DESCRIPTOR, Mode) ==
	       offsetof(struct ntsection_mode_descriptor, mode),
	       "NTSECTION_MODE_DESCRIPTOR is struct ntsection_mode_descriptor");
#endif

/* The Windows 10+ calls' extended parameters (SPEC §12). */
typedef enum MEM_EXTENDED_PARAMETER_TYPE {
	MemExtendedParameterInvalidType = 0,
	MemExtendedParameterAddressRequirements = NT_MEM_EXT_ADDRESS_REQUIREMENTS,
	MemExtendedParameterNumaNode = NT_MEM_EXT_NUMA_NODE,
	MemExtendedParameterPartitionHandle = NT_MEM_EXT_PARTITION_HANDLE,
	MemExtendedParameterUserPhysicalHandle = NT_MEM_EXT_USER_PHYSICAL_HANDLE,
	MemExtendedParameterAttributeFlags = NT_MEM_EXT_ATTRIBUTE_FLAGS,
	MemExtendedParameterImageMachine = NT_MEM_EXT_IMAGE_MACHINE,
	MemExtendedParameterMax = NT_MEM_EXT_MAX
} MEM_EXTENDED_PARAMETER_TYPE, *PMEM_EXTENDED_PARAMETER_TYPE;

typedef enum MEM_SECTION_EXTENDED_PARAMETER_TYPE {
	MemSectionExtendedParameterInvalidType = 0,
	MemSectionExtendedParameterUserPhysicalFlags = NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS,
	MemSectionExtendedParameterNumaNode = NT_MEM_SECTION_EXT_NUMA_NODE,
	MemSectionExtendedParameterSigningLevel = NT_MEM_SECTION_EXT_SIGNING_LEVEL,
	MemSectionExtendedParameterMax = NT_MEM_SECTION_EXT_MAX
} MEM_SECTION_EXTENDED_PARAMETER_TYPE, *PMEM_SECTION_EXTENDED_PARAMETER_TYPE;

typedef struct _MEM_ADDRESS_REQUIREMENTS {
	PVOID LowestStartingAddress;
	PVOID HighestEndingAddress;
	SIZE_T Alignment;
} MEM_ADDRESS_REQUIREMENTS, *PMEM_ADDRESS_REQUIREMENTS;

typedef struct MEM_EXTENDED_PARAMETER {
	struct {
		unsigned long long Type : NT_MEM_EXT_TYPE_BITS;
		unsigned long long Reserved : 64 - NT_MEM_EXT_TYPE_BITS;
	};
	union {
		unsigned long long ULong64;
		PVOID Pointer;
		SIZE_T Size;
		HANDLE Handle;
		ULONG ULong;
	};
} MEM_EXTENDED_PARAMETER, *PMEM_EXTENDED_PARAMETER;	/* 8-aligned: two 64-bit words */

#ifndef __cplusplus
_Static_assert(sizeof(MEM_EXTENDED_PARAMETER) == sizeof(struct ntsection_mem_extended_parameter) &&
	       sizeof(MEM_ADDRESS_REQUIREMENTS) ==
	       sizeof(struct ntsection_mem_address_requirements),
	       "MEM_EXTENDED_PARAMETER is struct ntsection_mem_extended_parameter");
#endif

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);

NTSTATUS NTAPI NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			       POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			       ULONG SectionPageProtection, ULONG AllocationAttributes,
			       HANDLE FileHandle);
NTSTATUS NTAPI NtOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
				  ULONG_PTR ZeroBits, SIZE_T CommitSize,
				  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
				  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
				  ULONG Win32Protect);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);
NTSTATUS NTAPI NtQuerySection(HANDLE SectionHandle,
			      SECTION_INFORMATION_CLASS SectionInformationClass,
			      PVOID SectionInformation, SIZE_T SectionInformationLength,
			      PSIZE_T ReturnLength);
NTSTATUS NTAPI NtExtendSection(HANDLE SectionHandle, PLARGE_INTEGER NewSectionSize);
NTSTATUS NTAPI NtClose(HANDLE Handle);
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
				       ULONG AllocationType, ULONG Protect);
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				   PSIZE_T RegionSize, ULONG FreeType);
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
				    MEMORY_INFORMATION_CLASS MemoryInformationClass,
				    PVOID MemoryInformation, SIZE_T MemoryInformationLength,
				    PSIZE_T ReturnLength);
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				      PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
				      PULONG OldAccessProtection);
NTSTATUS NTAPI NtAreMappedFilesTheSame(PVOID File1MappedAsAnImage, PVOID File2MappedAsFile);
/*
 * Writes the dirty pages of a range of a file view back to the file and
 * waits for the writes (FlushViewOfFile); NOT_MAPPED_DATA for a view of a
 * pagefile-backed or image section (FlushViewOfFile counts that a success).
 */
NTSTATUS NTAPI NtFlushVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				    PSIZE_T RegionSize, PIO_STATUS_BLOCK IoStatus);

/*
 * Other processes (SPEC §11). A process handle is a file descriptor too;
 * every call's ProcessHandle takes one (NtCurrentProcess() stays the fast
 * path). Views are mapped, unmapped and committed in the target by the
 * kernel; its memory is queried, read and written from here. The target's
 * private memory (NtAllocateVirtualMemory's reservations) and protections
 * are this library's in that process: those calls are run there, by a
 * thread the library starts in every process at its first call (user
 * APCs); STATUS_NOT_SUPPORTED when the target does not use the library or
 * is stopped.
 */
NTSTATUS NTAPI NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
			     POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId);
NTSTATUS NTAPI NtReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
				   SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead);
NTSTATUS NTAPI NtWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, const void *Buffer,
				    SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten);

/*
 * The Windows 10+ calls (SPEC §12): placeholders and extended parameters.
 * NtMapViewOfSectionEx maps with ViewUnmap (it has no InheritDisposition).
 */
NTSTATUS NTAPI NtAllocateVirtualMemoryEx(HANDLE ProcessHandle, PVOID *BaseAddress,
					 PSIZE_T RegionSize, ULONG AllocationType,
					 ULONG PageProtection,
					 PMEM_EXTENDED_PARAMETER ExtendedParameters,
					 ULONG ExtendedParameterCount);
NTSTATUS NTAPI NtMapViewOfSectionEx(HANDLE SectionHandle, HANDLE ProcessHandle,
				    PVOID *BaseAddress, PLARGE_INTEGER SectionOffset,
				    PSIZE_T ViewSize, ULONG AllocationType, ULONG PageProtection,
				    PMEM_EXTENDED_PARAMETER ExtendedParameters,
				    ULONG ExtendedParameterCount);
NTSTATUS NTAPI NtUnmapViewOfSectionEx(HANDLE ProcessHandle, PVOID BaseAddress, ULONG Flags);

/*
 * GetLargePageMinimum(): the size SEC_LARGE_PAGES sections and
 * MEM_LARGE_PAGES allocations are multiples of (2 MiB), or 0 when the
 * kernel cannot back them with large pages. Large pages need
 * SeLockMemoryPrivilege, which here is CAP_IPC_LOCK, or enough
 * RLIMIT_MEMLOCK for the size (else STATUS_PRIVILEGE_NOT_HELD).
 */
SIZE_T ntsection_large_page_minimum(void);
NTSTATUS NTAPI NtCreateSectionEx(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
				 POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
				 ULONG SectionPageProtection, ULONG AllocationAttributes,
				 HANDLE FileHandle, PMEM_EXTENDED_PARAMETER ExtendedParameters,
				 ULONG ExtendedParameterCount);

/* The Zw spellings: the same functions (user mode makes no difference). */
NTSTATUS NTAPI ZwCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			       POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			       ULONG SectionPageProtection, ULONG AllocationAttributes,
			       HANDLE FileHandle);
NTSTATUS NTAPI ZwOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			     POBJECT_ATTRIBUTES ObjectAttributes);
NTSTATUS NTAPI ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
				  ULONG_PTR ZeroBits, SIZE_T CommitSize,
				  PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
				  SECTION_INHERIT InheritDisposition, ULONG AllocationType,
				  ULONG Win32Protect);
NTSTATUS NTAPI ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress);
NTSTATUS NTAPI ZwQuerySection(HANDLE SectionHandle,
			      SECTION_INFORMATION_CLASS SectionInformationClass,
			      PVOID SectionInformation, SIZE_T SectionInformationLength,
			      PSIZE_T ReturnLength);
NTSTATUS NTAPI ZwExtendSection(HANDLE SectionHandle, PLARGE_INTEGER NewSectionSize);
NTSTATUS NTAPI ZwClose(HANDLE Handle);
NTSTATUS NTAPI ZwAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				       ULONG_PTR ZeroBits, PSIZE_T RegionSize,
				       ULONG AllocationType, ULONG Protect);
NTSTATUS NTAPI ZwFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				   PSIZE_T RegionSize, ULONG FreeType);
NTSTATUS NTAPI ZwQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
				    MEMORY_INFORMATION_CLASS MemoryInformationClass,
				    PVOID MemoryInformation, SIZE_T MemoryInformationLength,
				    PSIZE_T ReturnLength);
NTSTATUS NTAPI ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				      PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
				      PULONG OldAccessProtection);
NTSTATUS NTAPI ZwAreMappedFilesTheSame(PVOID File1MappedAsAnImage, PVOID File2MappedAsFile);
NTSTATUS NTAPI ZwAllocateVirtualMemoryEx(HANDLE ProcessHandle, PVOID *BaseAddress,
					 PSIZE_T RegionSize, ULONG AllocationType,
					 ULONG PageProtection,
					 PMEM_EXTENDED_PARAMETER ExtendedParameters,
					 ULONG ExtendedParameterCount);
NTSTATUS NTAPI ZwMapViewOfSectionEx(HANDLE SectionHandle, HANDLE ProcessHandle,
				    PVOID *BaseAddress, PLARGE_INTEGER SectionOffset,
				    PSIZE_T ViewSize, ULONG AllocationType, ULONG PageProtection,
				    PMEM_EXTENDED_PARAMETER ExtendedParameters,
				    ULONG ExtendedParameterCount);
NTSTATUS NTAPI ZwUnmapViewOfSectionEx(HANDLE ProcessHandle, PVOID BaseAddress, ULONG Flags);
NTSTATUS NTAPI ZwCreateSectionEx(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
				 POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
				 ULONG SectionPageProtection, ULONG AllocationAttributes,
				 HANDLE FileHandle, PMEM_EXTENDED_PARAMETER ExtendedParameters,
				 ULONG ExtendedParameterCount);
NTSTATUS NTAPI ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
			     POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId);
NTSTATUS NTAPI ZwReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
				   SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead);
NTSTATUS NTAPI ZwWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, const void *Buffer,
				    SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten);
NTSTATUS NTAPI ZwFlushVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				    PSIZE_T RegionSize, PIO_STATUS_BLOCK IoStatus);

/*
 * Handles and file descriptors. ntsection_handle_from_fd() makes a HANDLE
 * of any fd (a section's, or an open(2) file's for FileHandle); a negative
 * fd gives NULL. ntsection_fd_from_handle() returns the fd, or -1 (errno
 * EBADF) for NULL, pseudo-handles and values that are no handle.
 */
HANDLE ntsection_handle_from_fd(int fd);
int ntsection_fd_from_handle(HANDLE handle);

/*
 * A process handle for the process a pidfd (pidfd_open(2)) names, with
 * DesiredAccess, under NtOpenProcess's permission rules: for a process
 * outside the caller's PID namespace, or one whose pid may be reused.
 */
NTSTATUS ntsection_handle_from_pidfd(int pidfd, ACCESS_MASK DesiredAccess,
				     PHANDLE ProcessHandle);

#ifdef __cplusplus
}
#endif

#endif /* _NTSECTION_H */
