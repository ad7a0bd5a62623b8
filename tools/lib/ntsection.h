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
 * are 32-bit, so write names as u"\\BaseNamedObjects\\name" (C11 char16_t),
 * or build with -fshort-wchar (pkg-config --variable=wchar_cflags
 * ntsection), which makes wchar_t, L"" and WCHAR 16-bit (in C++ WCHAR is
 * then wchar_t, and names are L"" only); a 32-bit L"" name is a compile
 * error. The library's ABI is the same either way.
 *
 * Beside Winelib's <windows.h> and <winternl.h>: see below and porting.rst.
 *
 * See ntsection(3) for what each call does and where Linux differs.
 */
#ifndef _NTSECTION_H
#define _NTSECTION_H

/*
 * Beside Winelib's or mingw-w64's <windows.h> and <winternl.h>: when they
 * are in (included before this header, or found on the include path, where
 * this header includes them itself unless NTSECTION_NO_WINDOWS_H is
 * defined), their types and macros are used and none is defined again;
 * the functions below are then declared as ntsection_Nt...() bound to the
 * library's symbols, and the Nt/Zw/Rtl names are macros for them, because
 * those headers declare the same names with the Windows calling convention
 * (ms_abi on x86-64). See Documentation/userspace-api/porting.rst.
 */
#if !defined(NTSECTION_NO_WINDOWS_H) && !defined(_WINTERNL_) && !defined(__WINE_WINTERNL_H) && \
	defined(__has_include)
#if __has_include("windows.h") && __has_include("winternl.h")
#include <windows.h>
#include <winternl.h>
#endif
#endif
#if (defined(_WINNT_) || defined(__WINE_WINNT_H) || defined(_NTDEF_)) && \
	!defined(_WINTERNL_) && !defined(__WINE_WINTERNL_H)
#error "<windows.h> without <winternl.h>: include <winternl.h> before <ntsection.h>"
#endif

#include <stddef.h>
#include <linux/types.h>
#include <linux/ntsection.h>

#if defined(_WINTERNL_) || defined(__WINE_WINTERNL_H)
#define NTSECTION_WINTERNL 1
#endif

#ifdef __cplusplus
#define NTSECTION_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#define NTSECTION_STATIC_ASSERT(c, m) _Static_assert(c, m)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NTSECTION_WINTERNL
/* Windows base types, with their Windows widths (LLP64 sizes on LP64 Linux). */
typedef char CHAR;
typedef char *PCHAR;
typedef unsigned char UCHAR;
typedef unsigned char *PUCHAR;
typedef unsigned char BOOLEAN;
typedef unsigned short USHORT;
/*
 * WCHAR is 16 bits (UTF-16) either way: wchar_t when the compiler's is 16
 * bits (-fshort-wchar, pkg-config --variable=wchar_cflags ntsection), so
 * that L"" literals are WCHAR strings; else char16_t in C++ and unsigned
 * short in C, and names are written u"" (an L"" name is a compile error,
 * see RtlInitUnicodeString below).
 */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR, *PWSTR, *PWCHAR;
typedef const wchar_t *PCWSTR;
#elif defined(__cplusplus)
typedef char16_t WCHAR, *PWSTR, *PWCHAR;
typedef const char16_t *PCWSTR;
#else
typedef unsigned short WCHAR, *PWSTR, *PWCHAR;
typedef const unsigned short *PCWSTR;
#endif
typedef int LONG;
typedef unsigned int ULONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef long long LONG64;
typedef unsigned long long ULONG64;
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

typedef union _ULARGE_INTEGER {
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		ULONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		ULONG HighPart;
#endif
	};
	struct {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		ULONG HighPart;
		ULONG LowPart;
#else
		ULONG LowPart;
		ULONG HighPart;
#endif
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef struct _UNICODE_STRING {
	USHORT Length;		/* bytes, without a terminator */
	USHORT MaximumLength;	/* bytes */
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const struct _UNICODE_STRING *PCUNICODE_STRING;

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;			/* sizeof(OBJECT_ATTRIBUTES) */
	HANDLE RootDirectory;		/* NULL: ObjectName is an absolute NT path */
	PUNICODE_STRING ObjectName;
	ULONG Attributes;		/* OBJ_* */
	PVOID SecurityDescriptor;	/* SECURITY_DESCRIPTOR or NTSECTION_MODE_DESCRIPTOR */
	PVOID SecurityQualityOfService;	/* ignored */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

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

/*
 * Security descriptors, Windows' layouts (absolute and self-relative); a
 * section's security is a POSIX mode, and the kernel maps a descriptor to
 * one (see OBJECT_ATTRIBUTES.SecurityDescriptor in ntsection(3)).
 */
typedef PVOID PSID;
typedef USHORT SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;

typedef struct _SID_IDENTIFIER_AUTHORITY {
	UCHAR Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
	UCHAR Revision;
	UCHAR SubAuthorityCount;
	SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
	ULONG SubAuthority[1];
} SID;

typedef struct _ACL {
	UCHAR AclRevision;
	UCHAR Sbz1;
	USHORT AclSize;
	USHORT AceCount;
	USHORT Sbz2;
} ACL, *PACL;

typedef struct _ACE_HEADER {
	UCHAR AceType;
	UCHAR AceFlags;
	USHORT AceSize;
} ACE_HEADER, *PACE_HEADER;

typedef struct _ACCESS_ALLOWED_ACE {
	ACE_HEADER Header;
	ACCESS_MASK Mask;
	ULONG SidStart;
} ACCESS_ALLOWED_ACE, *PACCESS_ALLOWED_ACE;

typedef struct _SECURITY_DESCRIPTOR {
	UCHAR Revision;
	UCHAR Sbz1;
	SECURITY_DESCRIPTOR_CONTROL Control;
	PSID Owner;
	PSID Group;
	PACL Sacl;
	PACL Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;
typedef PVOID PSECURITY_DESCRIPTOR;

typedef struct _SECURITY_DESCRIPTOR_RELATIVE {
	UCHAR Revision;
	UCHAR Sbz1;
	SECURITY_DESCRIPTOR_CONTROL Control;
	ULONG Owner;
	ULONG Group;
	ULONG Sacl;
	ULONG Dacl;
} SECURITY_DESCRIPTOR_RELATIVE, *PISECURITY_DESCRIPTOR_RELATIVE;
#endif /* !NTSECTION_WINTERNL */

/* The ABI is the same with or without -fshort-wchar: WCHAR is 16 bits. */
NTSECTION_STATIC_ASSERT(sizeof(WCHAR) == 2, "WCHAR is 16 bits");
#if defined(__x86_64__)
NTSECTION_STATIC_ASSERT(sizeof(UNICODE_STRING) == 16 &&
			offsetof(UNICODE_STRING, Buffer) == 8, "UNICODE_STRING is 16 bytes");
NTSECTION_STATIC_ASSERT(sizeof(OBJECT_ATTRIBUTES) == 48 &&
			offsetof(OBJECT_ATTRIBUTES, SecurityDescriptor) == 32,
			"OBJECT_ATTRIBUTES is 48 bytes");
NTSECTION_STATIC_ASSERT(sizeof(SECURITY_DESCRIPTOR) == 40 &&
			offsetof(SECURITY_DESCRIPTOR, Dacl) == 32,
			"SECURITY_DESCRIPTOR is 40 bytes");
NTSECTION_STATIC_ASSERT(sizeof(ACL) == 8 && sizeof(LARGE_INTEGER) == 8 &&
			sizeof(ULARGE_INTEGER) == 8, "ACL, LARGE_INTEGER");
#endif

/* Windows' annotations and constants of ntdef.h. */
#ifndef VOID
#define VOID void
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

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

#ifndef InitializeObjectAttributes
#define InitializeObjectAttributes(p, n, a, r, s) ntsection_init_object_attributes(p, n, a, r, s)
#endif

/*
 * A UNICODE_STRING initializer for a string literal, as Windows' (the
 * literal must be of 16-bit units: u"", or L"" with -fshort-wchar; a 32-bit
 * L"" is a compile error: a negative array size).
 */
#ifndef RTL_CONSTANT_STRING
#define RTL_CONSTANT_STRING(s) { \
	(USHORT)(sizeof(s) - sizeof((s)[0]) + \
		 0 * sizeof(char[sizeof((s)[0]) == sizeof(WCHAR) ? 1 : -1])), \
	(USHORT)sizeof(s), (PWSTR)(s) }
#endif

#ifndef NT_SUCCESS
#define NT_SUCCESS(status)	((NTSTATUS)(status) >= 0)
#endif
#ifndef NT_INFORMATION
#define NT_INFORMATION(status)	((((ULONG)(status)) >> 30) == 1)
#endif
#ifndef NT_WARNING
#define NT_WARNING(status)	((((ULONG)(status)) >> 30) == 2)
#endif
#ifndef NT_ERROR
#define NT_ERROR(status)	((((ULONG)(status)) >> 30) == 3)
#endif

/*
 * Pseudo-handles. NtCurrentThread() is Windows' (HANDLE)-2; no call here
 * takes a thread handle, and a pseudo-handle is never a file descriptor.
 */
#ifndef NtCurrentProcess
#define NtCurrentProcess()	((HANDLE)~(ULONG_PTR)0)
#endif
#ifndef ZwCurrentProcess
#define ZwCurrentProcess()	NtCurrentProcess()
#endif
#ifndef NtCurrentThread
#define NtCurrentThread()	((HANDLE)~(ULONG_PTR)1)
#endif
#ifndef ZwCurrentThread
#define ZwCurrentThread()	NtCurrentThread()
#endif

/* NTSTATUS values (SPEC §2). */
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS			((NTSTATUS)NT_STATUS_SUCCESS)
#endif
#ifndef STATUS_OBJECT_NAME_EXISTS
#define STATUS_OBJECT_NAME_EXISTS	((NTSTATUS)NT_STATUS_OBJECT_NAME_EXISTS)
#endif
#ifndef STATUS_IMAGE_NOT_AT_BASE
#define STATUS_IMAGE_NOT_AT_BASE	((NTSTATUS)NT_STATUS_IMAGE_NOT_AT_BASE)
#endif
#ifndef STATUS_IMAGE_MACHINE_TYPE_MISMATCH
#define STATUS_IMAGE_MACHINE_TYPE_MISMATCH ((NTSTATUS)NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH)
#endif
#ifndef STATUS_BUFFER_OVERFLOW
#define STATUS_BUFFER_OVERFLOW		((NTSTATUS)NT_STATUS_BUFFER_OVERFLOW)
#endif
#ifndef STATUS_PARTIAL_COPY
#define STATUS_PARTIAL_COPY		((NTSTATUS)NT_STATUS_PARTIAL_COPY)
#endif
#ifndef STATUS_INVALID_CID
#define STATUS_INVALID_CID		((NTSTATUS)NT_STATUS_INVALID_CID)
#endif
#ifndef STATUS_INVALID_PARAMETER_MIX
#define STATUS_INVALID_PARAMETER_MIX	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_MIX)
#endif
#ifndef STATUS_PROCESS_IS_TERMINATING
#define STATUS_PROCESS_IS_TERMINATING	((NTSTATUS)NT_STATUS_PROCESS_IS_TERMINATING)
#endif
#ifndef STATUS_FILE_INVALID
#define STATUS_FILE_INVALID		((NTSTATUS)NT_STATUS_FILE_INVALID)
#endif
#ifndef STATUS_NOT_SAME_DEVICE
#define STATUS_NOT_SAME_DEVICE		((NTSTATUS)NT_STATUS_NOT_SAME_DEVICE)
#endif
#ifndef STATUS_INVALID_ADDRESS
#define STATUS_INVALID_ADDRESS		((NTSTATUS)NT_STATUS_INVALID_ADDRESS)
#endif
#ifndef STATUS_NOT_MAPPED_DATA
#define STATUS_NOT_MAPPED_DATA		((NTSTATUS)NT_STATUS_NOT_MAPPED_DATA)
#endif
#ifndef STATUS_DISK_FULL
#define STATUS_DISK_FULL		((NTSTATUS)NT_STATUS_DISK_FULL)
#endif
#ifndef STATUS_UNEXPECTED_IO_ERROR
#define STATUS_UNEXPECTED_IO_ERROR	((NTSTATUS)NT_STATUS_UNEXPECTED_IO_ERROR)
#endif
#ifndef STATUS_IO_DEVICE_ERROR
#define STATUS_IO_DEVICE_ERROR		((NTSTATUS)NT_STATUS_IO_DEVICE_ERROR)
#endif
#ifndef STATUS_GUARD_PAGE_VIOLATION
#define STATUS_GUARD_PAGE_VIOLATION	((NTSTATUS)NT_STATUS_GUARD_PAGE_VIOLATION)
#endif
#ifndef STATUS_DATATYPE_MISALIGNMENT
#define STATUS_DATATYPE_MISALIGNMENT	((NTSTATUS)NT_STATUS_DATATYPE_MISALIGNMENT)
#endif
#ifndef STATUS_UNSUCCESSFUL
#define STATUS_UNSUCCESSFUL		((NTSTATUS)NT_STATUS_UNSUCCESSFUL)
#endif
#ifndef STATUS_NOT_IMPLEMENTED
#define STATUS_NOT_IMPLEMENTED		((NTSTATUS)NT_STATUS_NOT_IMPLEMENTED)
#endif
#ifndef STATUS_INVALID_INFO_CLASS
#define STATUS_INVALID_INFO_CLASS	((NTSTATUS)NT_STATUS_INVALID_INFO_CLASS)
#endif
#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH	((NTSTATUS)NT_STATUS_INFO_LENGTH_MISMATCH)
#endif
#ifndef STATUS_ACCESS_VIOLATION
#define STATUS_ACCESS_VIOLATION		((NTSTATUS)NT_STATUS_ACCESS_VIOLATION)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE		((NTSTATUS)NT_STATUS_INVALID_HANDLE)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER	((NTSTATUS)NT_STATUS_INVALID_PARAMETER)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY		((NTSTATUS)NT_STATUS_NO_MEMORY)
#endif
#ifndef STATUS_CONFLICTING_ADDRESSES
#define STATUS_CONFLICTING_ADDRESSES	((NTSTATUS)NT_STATUS_CONFLICTING_ADDRESSES)
#endif
#ifndef STATUS_NOT_MAPPED_VIEW
#define STATUS_NOT_MAPPED_VIEW		((NTSTATUS)NT_STATUS_NOT_MAPPED_VIEW)
#endif
#ifndef STATUS_UNABLE_TO_DELETE_SECTION
#define STATUS_UNABLE_TO_DELETE_SECTION	((NTSTATUS)NT_STATUS_UNABLE_TO_DELETE_SECTION)
#endif
#ifndef STATUS_INVALID_VIEW_SIZE
#define STATUS_INVALID_VIEW_SIZE	((NTSTATUS)NT_STATUS_INVALID_VIEW_SIZE)
#endif
#ifndef STATUS_INVALID_FILE_FOR_SECTION
#define STATUS_INVALID_FILE_FOR_SECTION	((NTSTATUS)NT_STATUS_INVALID_FILE_FOR_SECTION)
#endif
#ifndef STATUS_ALREADY_COMMITTED
#define STATUS_ALREADY_COMMITTED	((NTSTATUS)NT_STATUS_ALREADY_COMMITTED)
#endif
#ifndef STATUS_ACCESS_DENIED
#define STATUS_ACCESS_DENIED		((NTSTATUS)NT_STATUS_ACCESS_DENIED)
#endif
#ifndef STATUS_OBJECT_TYPE_MISMATCH
#define STATUS_OBJECT_TYPE_MISMATCH	((NTSTATUS)NT_STATUS_OBJECT_TYPE_MISMATCH)
#endif
#ifndef STATUS_OBJECT_NAME_INVALID
#define STATUS_OBJECT_NAME_INVALID	((NTSTATUS)NT_STATUS_OBJECT_NAME_INVALID)
#endif
#ifndef STATUS_OBJECT_NAME_NOT_FOUND
#define STATUS_OBJECT_NAME_NOT_FOUND	((NTSTATUS)NT_STATUS_OBJECT_NAME_NOT_FOUND)
#endif
#ifndef STATUS_OBJECT_NAME_COLLISION
#define STATUS_OBJECT_NAME_COLLISION	((NTSTATUS)NT_STATUS_OBJECT_NAME_COLLISION)
#endif
#ifndef STATUS_OBJECT_PATH_NOT_FOUND
#define STATUS_OBJECT_PATH_NOT_FOUND	((NTSTATUS)NT_STATUS_OBJECT_PATH_NOT_FOUND)
#endif
#ifndef STATUS_OBJECT_PATH_SYNTAX_BAD
#define STATUS_OBJECT_PATH_SYNTAX_BAD	((NTSTATUS)NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
#endif
#ifndef STATUS_SECTION_TOO_BIG
#define STATUS_SECTION_TOO_BIG		((NTSTATUS)NT_STATUS_SECTION_TOO_BIG)
#endif
#ifndef STATUS_INVALID_PAGE_PROTECTION
#define STATUS_INVALID_PAGE_PROTECTION	((NTSTATUS)NT_STATUS_INVALID_PAGE_PROTECTION)
#endif
#ifndef STATUS_SECTION_NOT_IMAGE
#define STATUS_SECTION_NOT_IMAGE	((NTSTATUS)NT_STATUS_SECTION_NOT_IMAGE)
#endif
#ifndef STATUS_SECTION_PROTECTION
#define STATUS_SECTION_PROTECTION	((NTSTATUS)NT_STATUS_SECTION_PROTECTION)
#endif
#ifndef STATUS_INVALID_IMAGE_FORMAT
#define STATUS_INVALID_IMAGE_FORMAT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_FORMAT)
#endif
#ifndef STATUS_SECTION_NOT_EXTENDED
#define STATUS_SECTION_NOT_EXTENDED	((NTSTATUS)NT_STATUS_SECTION_NOT_EXTENDED)
#endif
#ifndef STATUS_INSUFFICIENT_RESOURCES
#define STATUS_INSUFFICIENT_RESOURCES	((NTSTATUS)NT_STATUS_INSUFFICIENT_RESOURCES)
#endif
#ifndef STATUS_NOT_SUPPORTED
#define STATUS_NOT_SUPPORTED		((NTSTATUS)NT_STATUS_NOT_SUPPORTED)
#endif
#ifndef STATUS_INVALID_PARAMETER_1
#define STATUS_INVALID_PARAMETER_1	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_1)
#endif
#ifndef STATUS_INVALID_PARAMETER_2
#define STATUS_INVALID_PARAMETER_2	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_2)
#endif
#ifndef STATUS_INVALID_PARAMETER_3
#define STATUS_INVALID_PARAMETER_3	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_3)
#endif
#ifndef STATUS_INVALID_PARAMETER_4
#define STATUS_INVALID_PARAMETER_4	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_4)
#endif
#ifndef STATUS_INVALID_PARAMETER_5
#define STATUS_INVALID_PARAMETER_5	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_5)
#endif
#ifndef STATUS_INVALID_PARAMETER_6
#define STATUS_INVALID_PARAMETER_6	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_6)
#endif
#ifndef STATUS_INVALID_PARAMETER_7
#define STATUS_INVALID_PARAMETER_7	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_7)
#endif
#ifndef STATUS_INVALID_PARAMETER_8
#define STATUS_INVALID_PARAMETER_8	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_8)
#endif
#ifndef STATUS_INVALID_PARAMETER_9
#define STATUS_INVALID_PARAMETER_9	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_9)
#endif
#ifndef STATUS_INVALID_PARAMETER_10
#define STATUS_INVALID_PARAMETER_10	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_10)
#endif
#ifndef STATUS_INVALID_PARAMETER_11
#define STATUS_INVALID_PARAMETER_11	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_11)
#endif
#ifndef STATUS_INVALID_PARAMETER_12
#define STATUS_INVALID_PARAMETER_12	((NTSTATUS)NT_STATUS_INVALID_PARAMETER_12)
#endif
#ifndef STATUS_MAPPED_FILE_SIZE_ZERO
#define STATUS_MAPPED_FILE_SIZE_ZERO	((NTSTATUS)NT_STATUS_MAPPED_FILE_SIZE_ZERO)
#endif
#ifndef STATUS_COMMITMENT_LIMIT
#define STATUS_COMMITMENT_LIMIT		((NTSTATUS)NT_STATUS_COMMITMENT_LIMIT)
#endif
#ifndef STATUS_INVALID_IMAGE_NOT_MZ
#define STATUS_INVALID_IMAGE_NOT_MZ	((NTSTATUS)NT_STATUS_INVALID_IMAGE_NOT_MZ)
#endif
#ifndef STATUS_INVALID_IMAGE_PROTECT
#define STATUS_INVALID_IMAGE_PROTECT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_PROTECT)
#endif
#ifndef STATUS_INVALID_IMAGE_WIN_16
#define STATUS_INVALID_IMAGE_WIN_16	((NTSTATUS)NT_STATUS_INVALID_IMAGE_WIN_16)
#endif
#ifndef STATUS_INVALID_IMAGE_NE_FORMAT
#define STATUS_INVALID_IMAGE_NE_FORMAT	((NTSTATUS)NT_STATUS_INVALID_IMAGE_NE_FORMAT)
#endif
#ifndef STATUS_MAPPED_ALIGNMENT
#define STATUS_MAPPED_ALIGNMENT		((NTSTATUS)NT_STATUS_MAPPED_ALIGNMENT)
#endif
#ifndef STATUS_USER_MAPPED_FILE
#define STATUS_USER_MAPPED_FILE		((NTSTATUS)NT_STATUS_USER_MAPPED_FILE)
#endif

/*
 * Statuses of private (non-view) memory, which only the library produces;
 * the kernel ABI does not carry them, so they are given here, with their
 * Windows values.
 */
#ifndef STATUS_UNABLE_TO_FREE_VM
#define STATUS_UNABLE_TO_FREE_VM	((NTSTATUS)0xC000001Au)
#endif
#ifndef STATUS_PRIVILEGE_NOT_HELD
#define STATUS_PRIVILEGE_NOT_HELD	((NTSTATUS)NT_STATUS_PRIVILEGE_NOT_HELD)
#endif
#ifndef STATUS_INVALID_ACL
#define STATUS_INVALID_ACL		((NTSTATUS)NT_STATUS_INVALID_ACL)
#endif
#ifndef STATUS_INVALID_SID
#define STATUS_INVALID_SID		((NTSTATUS)NT_STATUS_INVALID_SID)
#endif
#ifndef STATUS_INVALID_SECURITY_DESCR
#define STATUS_INVALID_SECURITY_DESCR	((NTSTATUS)NT_STATUS_INVALID_SECURITY_DESCR)
#endif
#ifndef STATUS_UNKNOWN_REVISION
#define STATUS_UNKNOWN_REVISION		((NTSTATUS)0xC0000058u)
#endif
#ifndef STATUS_BUFFER_TOO_SMALL
#define STATUS_BUFFER_TOO_SMALL		((NTSTATUS)0xC0000023u)
#endif
#ifndef STATUS_ALLOTTED_SPACE_EXCEEDED
#define STATUS_ALLOTTED_SPACE_EXCEEDED	((NTSTATUS)0xC0000099u)
#endif
#ifndef STATUS_NOT_COMMITTED
#define STATUS_NOT_COMMITTED		((NTSTATUS)0xC000002Du)
#endif
#ifndef STATUS_FREE_VM_NOT_AT_BASE
#define STATUS_FREE_VM_NOT_AT_BASE	((NTSTATUS)0xC000009Fu)
#endif
#ifndef STATUS_MEMORY_NOT_ALLOCATED
#define STATUS_MEMORY_NOT_ALLOCATED	((NTSTATUS)0xC00000A0u)
#endif

/* Page protections. */
#ifndef PAGE_NOACCESS
#define PAGE_NOACCESS			NT_PAGE_NOACCESS
#endif
#ifndef PAGE_READONLY
#define PAGE_READONLY			NT_PAGE_READONLY
#endif
#ifndef PAGE_READWRITE
#define PAGE_READWRITE			NT_PAGE_READWRITE
#endif
#ifndef PAGE_WRITECOPY
#define PAGE_WRITECOPY			NT_PAGE_WRITECOPY
#endif
#ifndef PAGE_EXECUTE
#define PAGE_EXECUTE			NT_PAGE_EXECUTE
#endif
#ifndef PAGE_EXECUTE_READ
#define PAGE_EXECUTE_READ		NT_PAGE_EXECUTE_READ
#endif
#ifndef PAGE_EXECUTE_READWRITE
#define PAGE_EXECUTE_READWRITE		NT_PAGE_EXECUTE_READWRITE
#endif
#ifndef PAGE_EXECUTE_WRITECOPY
#define PAGE_EXECUTE_WRITECOPY		NT_PAGE_EXECUTE_WRITECOPY
#endif
#ifndef PAGE_GUARD
#define PAGE_GUARD			NT_PAGE_GUARD
#endif
#ifndef PAGE_NOCACHE
#define PAGE_NOCACHE			NT_PAGE_NOCACHE
#endif
#ifndef PAGE_WRITECOMBINE
#define PAGE_WRITECOMBINE		NT_PAGE_WRITECOMBINE
#endif

/* Section allocation attributes. */
#ifndef SEC_BASED
#define SEC_BASED			NT_SEC_BASED
#endif
#ifndef SEC_NO_CHANGE
#define SEC_NO_CHANGE			NT_SEC_NO_CHANGE
#endif
#ifndef SEC_FILE
#define SEC_FILE			NT_SEC_FILE
#endif
#ifndef SEC_IMAGE
#define SEC_IMAGE			NT_SEC_IMAGE
#endif
#ifndef SEC_RESERVE
#define SEC_RESERVE			NT_SEC_RESERVE
#endif
#ifndef SEC_COMMIT
#define SEC_COMMIT			NT_SEC_COMMIT
#endif
#ifndef SEC_NOCACHE
#define SEC_NOCACHE			NT_SEC_NOCACHE
#endif
#ifndef SEC_IMAGE_NO_EXECUTE
#define SEC_IMAGE_NO_EXECUTE		NT_SEC_IMAGE_NO_EXECUTE
#endif
#ifndef SEC_WRITECOMBINE
#define SEC_WRITECOMBINE		NT_SEC_WRITECOMBINE
#endif
#ifndef SEC_LARGE_PAGES
#define SEC_LARGE_PAGES			NT_SEC_LARGE_PAGES
#endif

/* Memory allocation types, states and region types. */
#ifndef MEM_COMMIT
#define MEM_COMMIT			NT_MEM_COMMIT
#endif
#ifndef MEM_RESERVE
#define MEM_RESERVE			NT_MEM_RESERVE
#endif
#ifndef MEM_DECOMMIT
#define MEM_DECOMMIT			NT_MEM_DECOMMIT
#endif
#ifndef MEM_RELEASE
#define MEM_RELEASE			NT_MEM_RELEASE
#endif
#ifndef MEM_FREE
#define MEM_FREE			NT_MEM_FREE
#endif
#ifndef MEM_PRIVATE
#define MEM_PRIVATE			NT_MEM_PRIVATE
#endif
#ifndef MEM_MAPPED
#define MEM_MAPPED			NT_MEM_MAPPED
#endif
#ifndef MEM_TOP_DOWN
#define MEM_TOP_DOWN			NT_MEM_TOP_DOWN
#endif
#ifndef MEM_IMAGE
#define MEM_IMAGE			NT_MEM_IMAGE
#endif
#ifndef MEM_LARGE_PAGES
#define MEM_LARGE_PAGES			NT_MEM_LARGE_PAGES
#endif
#ifndef AT_ROUND_TO_PAGE
#define AT_ROUND_TO_PAGE		NT_AT_ROUND_TO_PAGE
#endif
/* NtAllocateVirtualMemory flags of private memory (Windows values). */
#ifndef MEM_RESET
#define MEM_RESET			NT_MEM_RESET
#endif
#ifndef MEM_WRITE_WATCH
#define MEM_WRITE_WATCH			NT_MEM_WRITE_WATCH
#endif
#ifndef MEM_PHYSICAL
#define MEM_PHYSICAL			NT_MEM_PHYSICAL
#endif
/* Placeholders (Windows 10 1803+). */
#ifndef MEM_RESERVE_PLACEHOLDER
#define MEM_RESERVE_PLACEHOLDER		NT_MEM_RESERVE_PLACEHOLDER
#endif
#ifndef MEM_REPLACE_PLACEHOLDER
#define MEM_REPLACE_PLACEHOLDER		NT_MEM_REPLACE_PLACEHOLDER
#endif
#ifndef MEM_PRESERVE_PLACEHOLDER
#define MEM_PRESERVE_PLACEHOLDER	NT_MEM_PRESERVE_PLACEHOLDER
#endif
#ifndef MEM_COALESCE_PLACEHOLDERS
#define MEM_COALESCE_PLACEHOLDERS	NT_MEM_COALESCE_PLACEHOLDERS
#endif
#ifndef MEM_UNMAP_WITH_TRANSIENT_BOOST
#define MEM_UNMAP_WITH_TRANSIENT_BOOST	NT_MEM_UNMAP_WITH_TRANSIENT_BOOST
#endif
/* MemExtendedParameterAttributeFlags. */
#ifndef MEM_EXTENDED_PARAMETER_GRAPHICS
#define MEM_EXTENDED_PARAMETER_GRAPHICS		NT_MEM_EXT_GRAPHICS
#endif
#ifndef MEM_EXTENDED_PARAMETER_NONPAGED
#define MEM_EXTENDED_PARAMETER_NONPAGED		NT_MEM_EXT_NONPAGED
#endif
#ifndef MEM_EXTENDED_PARAMETER_ZERO_PAGES_OPTIONAL
#define MEM_EXTENDED_PARAMETER_ZERO_PAGES_OPTIONAL NT_MEM_EXT_ZERO_PAGES_OPTIONAL
#endif
#ifndef MEM_EXTENDED_PARAMETER_NONPAGED_LARGE
#define MEM_EXTENDED_PARAMETER_NONPAGED_LARGE	NT_MEM_EXT_NONPAGED_LARGE
#endif
#ifndef MEM_EXTENDED_PARAMETER_NONPAGED_HUGE
#define MEM_EXTENDED_PARAMETER_NONPAGED_HUGE	NT_MEM_EXT_NONPAGED_HUGE
#endif
#ifndef MEM_EXTENDED_PARAMETER_SOFT_FAULT_PAGES
#define MEM_EXTENDED_PARAMETER_SOFT_FAULT_PAGES	NT_MEM_EXT_SOFT_FAULT_PAGES
#endif
#ifndef MEM_EXTENDED_PARAMETER_EC_CODE
#define MEM_EXTENDED_PARAMETER_EC_CODE		NT_MEM_EXT_EC_CODE
#endif
#ifndef MEM_EXTENDED_PARAMETER_IMAGE_NO_HPAT
#define MEM_EXTENDED_PARAMETER_IMAGE_NO_HPAT	NT_MEM_EXT_IMAGE_NO_HPAT
#endif
#ifndef MEM_EXTENDED_PARAMETER_TYPE_BITS
#define MEM_EXTENDED_PARAMETER_TYPE_BITS	NT_MEM_EXT_TYPE_BITS
#endif
#ifndef NUMA_NO_PREFERRED_NODE
#define NUMA_NO_PREFERRED_NODE			0xffffffffu
#endif

/* Access rights. */
#ifndef SECTION_QUERY
#define SECTION_QUERY			NT_SECTION_QUERY
#endif
#ifndef SECTION_MAP_WRITE
#define SECTION_MAP_WRITE		NT_SECTION_MAP_WRITE
#endif
#ifndef SECTION_MAP_READ
#define SECTION_MAP_READ		NT_SECTION_MAP_READ
#endif
#ifndef SECTION_MAP_EXECUTE
#define SECTION_MAP_EXECUTE		NT_SECTION_MAP_EXECUTE
#endif
#ifndef SECTION_EXTEND_SIZE
#define SECTION_EXTEND_SIZE		NT_SECTION_EXTEND_SIZE
#endif
#ifndef SECTION_MAP_EXECUTE_EXPLICIT
#define SECTION_MAP_EXECUTE_EXPLICIT	NT_SECTION_MAP_EXECUTE_EXPLICIT
#endif
#ifndef STANDARD_RIGHTS_REQUIRED
#define STANDARD_RIGHTS_REQUIRED	NT_STANDARD_RIGHTS_REQUIRED
#endif
#ifndef SECTION_ALL_ACCESS
#define SECTION_ALL_ACCESS		NT_SECTION_ALL_ACCESS
#endif
#ifndef GENERIC_READ
#define GENERIC_READ			NT_GENERIC_READ
#endif
#ifndef GENERIC_WRITE
#define GENERIC_WRITE			NT_GENERIC_WRITE
#endif
#ifndef GENERIC_EXECUTE
#define GENERIC_EXECUTE			NT_GENERIC_EXECUTE
#endif
#ifndef GENERIC_ALL
#define GENERIC_ALL			NT_GENERIC_ALL
#endif
#ifndef MAXIMUM_ALLOWED
#define MAXIMUM_ALLOWED			NT_MAXIMUM_ALLOWED
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION		NT_PROCESS_VM_OPERATION
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ			NT_PROCESS_VM_READ
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE		NT_PROCESS_VM_WRITE
#endif
#ifndef PROCESS_QUERY_INFORMATION
#define PROCESS_QUERY_INFORMATION	NT_PROCESS_QUERY_INFORMATION
#endif
#ifndef PROCESS_QUERY_LIMITED_INFORMATION
#define PROCESS_QUERY_LIMITED_INFORMATION NT_PROCESS_QUERY_LIMITED_INFORMATION
#endif
#ifndef PROCESS_ALL_ACCESS
#define PROCESS_ALL_ACCESS		NT_PROCESS_ALL_ACCESS
#endif

/* Object attributes. */
#ifndef OBJ_INHERIT
#define OBJ_INHERIT			NT_OBJ_INHERIT
#endif
#ifndef OBJ_PERMANENT
#define OBJ_PERMANENT			NT_OBJ_PERMANENT
#endif
#ifndef OBJ_EXCLUSIVE
#define OBJ_EXCLUSIVE			NT_OBJ_EXCLUSIVE
#endif
#ifndef OBJ_CASE_INSENSITIVE
#define OBJ_CASE_INSENSITIVE		NT_OBJ_CASE_INSENSITIVE
#endif
#ifndef OBJ_OPENIF
#define OBJ_OPENIF			NT_OBJ_OPENIF
#endif
#ifndef OBJ_OPENLINK
#define OBJ_OPENLINK			NT_OBJ_OPENLINK
#endif
#ifndef OBJ_KERNEL_HANDLE
#define OBJ_KERNEL_HANDLE		NT_OBJ_KERNEL_HANDLE
#endif
#ifndef OBJ_FORCE_ACCESS_CHECK
#define OBJ_FORCE_ACCESS_CHECK		NT_OBJ_FORCE_ACCESS_CHECK
#endif
#ifndef OBJ_IGNORE_IMPERSONATED_DEVICEMAP
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP	NT_OBJ_IGNORE_IMPERSONATED_DEVICEMAP
#endif
#ifndef OBJ_DONT_REPARSE
#define OBJ_DONT_REPARSE		NT_OBJ_DONT_REPARSE
#endif
#ifndef OBJ_VALID_ATTRIBUTES
#define OBJ_VALID_ATTRIBUTES		NT_OBJ_VALID_ATTRIBUTES
#endif

/* Standard rights (the kernel grants them with any permission of the mode). */
#ifndef DELETE
#define DELETE				0x00010000u
#endif
#ifndef READ_CONTROL
#define READ_CONTROL			0x00020000u
#endif
#ifndef WRITE_DAC
#define WRITE_DAC			0x00040000u
#endif
#ifndef WRITE_OWNER
#define WRITE_OWNER			0x00080000u
#endif
#ifndef SYNCHRONIZE
#define SYNCHRONIZE			0x00100000u
#endif
#ifndef STANDARD_RIGHTS_READ
#define STANDARD_RIGHTS_READ		READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_WRITE
#define STANDARD_RIGHTS_WRITE		READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_EXECUTE
#define STANDARD_RIGHTS_EXECUTE		READ_CONTROL
#endif
#ifndef STANDARD_RIGHTS_ALL
#define STANDARD_RIGHTS_ALL		0x001F0000u
#endif

/* Security descriptors and ACLs (RtlCreateSecurityDescriptor and friends). */
#ifndef SECURITY_DESCRIPTOR_REVISION
#define SECURITY_DESCRIPTOR_REVISION	1
#endif
#ifndef SECURITY_DESCRIPTOR_REVISION1
#define SECURITY_DESCRIPTOR_REVISION1	1
#endif
#ifndef SECURITY_DESCRIPTOR_MIN_LENGTH
#define SECURITY_DESCRIPTOR_MIN_LENGTH	sizeof(SECURITY_DESCRIPTOR)
#endif
#ifndef SE_OWNER_DEFAULTED
#define SE_OWNER_DEFAULTED		0x0001
#endif
#ifndef SE_GROUP_DEFAULTED
#define SE_GROUP_DEFAULTED		0x0002
#endif
#ifndef SE_DACL_PRESENT
#define SE_DACL_PRESENT			0x0004
#endif
#ifndef SE_DACL_DEFAULTED
#define SE_DACL_DEFAULTED		0x0008
#endif
#ifndef SE_SACL_PRESENT
#define SE_SACL_PRESENT			0x0010
#endif
#ifndef SE_SACL_DEFAULTED
#define SE_SACL_DEFAULTED		0x0020
#endif
#ifndef SE_SELF_RELATIVE
#define SE_SELF_RELATIVE		0x8000
#endif
#ifndef ACL_REVISION
#define ACL_REVISION			2
#endif
#ifndef ACL_REVISION_DS
#define ACL_REVISION_DS			4
#endif
#ifndef ACCESS_ALLOWED_ACE_TYPE
#define ACCESS_ALLOWED_ACE_TYPE		0x0
#endif
#ifndef ACCESS_DENIED_ACE_TYPE
#define ACCESS_DENIED_ACE_TYPE		0x1
#endif
#ifndef SID_REVISION
#define SID_REVISION			1
#endif
#ifndef SID_MAX_SUB_AUTHORITIES
#define SID_MAX_SUB_AUTHORITIES		15
#endif
#ifndef SECURITY_WORLD_SID_AUTHORITY
#define SECURITY_WORLD_SID_AUTHORITY	{ { 0, 0, 0, 0, 0, 1 } }
#endif
#ifndef SECURITY_CREATOR_SID_AUTHORITY
#define SECURITY_CREATOR_SID_AUTHORITY	{ { 0, 0, 0, 0, 0, 3 } }
#endif
#ifndef SECURITY_WORLD_RID
#define SECURITY_WORLD_RID		0x00000000u
#endif
#ifndef SECURITY_CREATOR_OWNER_RID
#define SECURITY_CREATOR_OWNER_RID	0x00000000u
#endif
#ifndef SECURITY_CREATOR_GROUP_RID
#define SECURITY_CREATOR_GROUP_RID	0x00000001u
#endif
#ifndef SECURITY_CREATOR_OWNER_RIGHTS_RID
#define SECURITY_CREATOR_OWNER_RIGHTS_RID	0x00000004u
#endif

/* The types of <winternl.h>, which has them already when it is in. */
#ifndef NTSECTION_WINTERNL
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

#ifndef MEM_REGION_PRIVATE
#define MEM_REGION_PRIVATE			0x1
#endif
#ifndef MEM_REGION_MAPPED_DATA_FILE
#define MEM_REGION_MAPPED_DATA_FILE		0x2
#endif
#ifndef MEM_REGION_MAPPED_IMAGE
#define MEM_REGION_MAPPED_IMAGE			0x4
#endif
#ifndef MEM_REGION_MAPPED_PAGE_FILE
#define MEM_REGION_MAPPED_PAGE_FILE		0x8
#endif
#ifndef MEM_REGION_MAPPED_PHYSICAL
#define MEM_REGION_MAPPED_PHYSICAL		0x10
#endif
#ifndef MEM_REGION_DIRECT_MAPPED
#define MEM_REGION_DIRECT_MAPPED		0x20
#endif
#ifndef MEM_REGION_SOFTWARE_ENCLAVE
#define MEM_REGION_SOFTWARE_ENCLAVE		0x40
#endif
#ifndef MEM_REGION_PAGE_SIZE_64K
#define MEM_REGION_PAGE_SIZE_64K		0x80
#endif
#ifndef MEM_REGION_PLACEHOLDER_RESERVATION
#define MEM_REGION_PLACEHOLDER_RESERVATION	0x100
#endif
#ifndef MEM_REGION_MAPPED_AWE
#define MEM_REGION_MAPPED_AWE			0x200
#endif
#ifndef MEM_REGION_MAPPED_WRITE_WATCH
#define MEM_REGION_MAPPED_WRITE_WATCH		0x400
#endif
#ifndef MEM_REGION_PAGE_SIZE_LARGE
#define MEM_REGION_PAGE_SIZE_LARGE		0x800
#endif
#ifndef MEM_REGION_PAGE_SIZE_HUGE
#define MEM_REGION_PAGE_SIZE_HUGE		0x1000
#endif

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

#endif /* !NTSECTION_WINTERNL */

/*
 * An ntsection extension: who may open a named section. Windows decides
 * with the security descriptor in OBJECT_ATTRIBUTES.SecurityDescriptor; a
 * section here has a POSIX mode instead (the creator's uid and gid, mode
 * 0600 by default, like shm_open()). Point SecurityDescriptor at one of
 * these to choose the mode, or at a Windows SECURITY_DESCRIPTOR, which the
 * kernel maps to a mode (RtlCreateSecurityDescriptor() above; a NULL DACL
 * gives 0666, a descriptor a mode cannot express is refused). The kernel
 * reads it: this is <linux/ntsection.h>'s struct
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

#ifndef NTSECTION_WINTERNL
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
#endif /* !NTSECTION_WINTERNL */

/*
 * Beside <winternl.h>, whose declarations of these names have the Windows
 * calling convention, the names are macros for the library's own
 * declarations below, which keep the library's symbols (redefine_extname).
 */
#ifdef NTSECTION_WINTERNL
#pragma redefine_extname ntsection_NtAllocateVirtualMemory NtAllocateVirtualMemory
#pragma redefine_extname ntsection_NtAllocateVirtualMemoryEx NtAllocateVirtualMemoryEx
#pragma redefine_extname ntsection_NtAreMappedFilesTheSame NtAreMappedFilesTheSame
#pragma redefine_extname ntsection_NtClose NtClose
#pragma redefine_extname ntsection_NtCreateSection NtCreateSection
#pragma redefine_extname ntsection_NtCreateSectionEx NtCreateSectionEx
#pragma redefine_extname ntsection_NtExtendSection NtExtendSection
#pragma redefine_extname ntsection_NtFlushVirtualMemory NtFlushVirtualMemory
#pragma redefine_extname ntsection_NtFreeVirtualMemory NtFreeVirtualMemory
#pragma redefine_extname ntsection_NtMapViewOfSection NtMapViewOfSection
#pragma redefine_extname ntsection_NtMapViewOfSectionEx NtMapViewOfSectionEx
#pragma redefine_extname ntsection_NtOpenProcess NtOpenProcess
#pragma redefine_extname ntsection_NtOpenSection NtOpenSection
#pragma redefine_extname ntsection_NtProtectVirtualMemory NtProtectVirtualMemory
#pragma redefine_extname ntsection_NtQuerySection NtQuerySection
#pragma redefine_extname ntsection_NtQueryVirtualMemory NtQueryVirtualMemory
#pragma redefine_extname ntsection_NtReadVirtualMemory NtReadVirtualMemory
#pragma redefine_extname ntsection_NtUnmapViewOfSection NtUnmapViewOfSection
#pragma redefine_extname ntsection_NtUnmapViewOfSectionEx NtUnmapViewOfSectionEx
#pragma redefine_extname ntsection_NtWriteVirtualMemory NtWriteVirtualMemory
#pragma redefine_extname ntsection_RtlAddAccessAllowedAce RtlAddAccessAllowedAce
#pragma redefine_extname ntsection_RtlCreateAcl RtlCreateAcl
#pragma redefine_extname ntsection_RtlCreateSecurityDescriptor RtlCreateSecurityDescriptor
#pragma redefine_extname ntsection_RtlFreeUnicodeString RtlFreeUnicodeString
#pragma redefine_extname ntsection_RtlInitUnicodeString RtlInitUnicodeString
#pragma redefine_extname ntsection_RtlInitializeSid RtlInitializeSid
#pragma redefine_extname ntsection_RtlLengthRequiredSid RtlLengthRequiredSid
#pragma redefine_extname ntsection_RtlLengthSid RtlLengthSid
#pragma redefine_extname ntsection_RtlSetDaclSecurityDescriptor RtlSetDaclSecurityDescriptor
#pragma redefine_extname ntsection_RtlSubAuthoritySid RtlSubAuthoritySid
#pragma redefine_extname ntsection_ZwAllocateVirtualMemory ZwAllocateVirtualMemory
#pragma redefine_extname ntsection_ZwAllocateVirtualMemoryEx ZwAllocateVirtualMemoryEx
#pragma redefine_extname ntsection_ZwAreMappedFilesTheSame ZwAreMappedFilesTheSame
#pragma redefine_extname ntsection_ZwClose ZwClose
#pragma redefine_extname ntsection_ZwCreateSection ZwCreateSection
#pragma redefine_extname ntsection_ZwCreateSectionEx ZwCreateSectionEx
#pragma redefine_extname ntsection_ZwExtendSection ZwExtendSection
#pragma redefine_extname ntsection_ZwFlushVirtualMemory ZwFlushVirtualMemory
#pragma redefine_extname ntsection_ZwFreeVirtualMemory ZwFreeVirtualMemory
#pragma redefine_extname ntsection_ZwMapViewOfSection ZwMapViewOfSection
#pragma redefine_extname ntsection_ZwMapViewOfSectionEx ZwMapViewOfSectionEx
#pragma redefine_extname ntsection_ZwOpenProcess ZwOpenProcess
#pragma redefine_extname ntsection_ZwOpenSection ZwOpenSection
#pragma redefine_extname ntsection_ZwProtectVirtualMemory ZwProtectVirtualMemory
#pragma redefine_extname ntsection_ZwQuerySection ZwQuerySection
#pragma redefine_extname ntsection_ZwQueryVirtualMemory ZwQueryVirtualMemory
#pragma redefine_extname ntsection_ZwReadVirtualMemory ZwReadVirtualMemory
#pragma redefine_extname ntsection_ZwUnmapViewOfSection ZwUnmapViewOfSection
#pragma redefine_extname ntsection_ZwUnmapViewOfSectionEx ZwUnmapViewOfSectionEx
#pragma redefine_extname ntsection_ZwWriteVirtualMemory ZwWriteVirtualMemory
#define NtAllocateVirtualMemory ntsection_NtAllocateVirtualMemory
#define NtAllocateVirtualMemoryEx ntsection_NtAllocateVirtualMemoryEx
#define NtAreMappedFilesTheSame ntsection_NtAreMappedFilesTheSame
#define NtClose ntsection_NtClose
#define NtCreateSection ntsection_NtCreateSection
#define NtCreateSectionEx ntsection_NtCreateSectionEx
#define NtExtendSection ntsection_NtExtendSection
#define NtFlushVirtualMemory ntsection_NtFlushVirtualMemory
#define NtFreeVirtualMemory ntsection_NtFreeVirtualMemory
#define NtMapViewOfSection ntsection_NtMapViewOfSection
#define NtMapViewOfSectionEx ntsection_NtMapViewOfSectionEx
#define NtOpenProcess ntsection_NtOpenProcess
#define NtOpenSection ntsection_NtOpenSection
#define NtProtectVirtualMemory ntsection_NtProtectVirtualMemory
#define NtQuerySection ntsection_NtQuerySection
#define NtQueryVirtualMemory ntsection_NtQueryVirtualMemory
#define NtReadVirtualMemory ntsection_NtReadVirtualMemory
#define NtUnmapViewOfSection ntsection_NtUnmapViewOfSection
#define NtUnmapViewOfSectionEx ntsection_NtUnmapViewOfSectionEx
#define NtWriteVirtualMemory ntsection_NtWriteVirtualMemory
#define RtlAddAccessAllowedAce ntsection_RtlAddAccessAllowedAce
#define RtlCreateAcl ntsection_RtlCreateAcl
#define RtlCreateSecurityDescriptor ntsection_RtlCreateSecurityDescriptor
#define RtlFreeUnicodeString ntsection_RtlFreeUnicodeString
#define RtlInitUnicodeString ntsection_RtlInitUnicodeString
#define RtlInitializeSid ntsection_RtlInitializeSid
#define RtlLengthRequiredSid ntsection_RtlLengthRequiredSid
#define RtlLengthSid ntsection_RtlLengthSid
#define RtlSetDaclSecurityDescriptor ntsection_RtlSetDaclSecurityDescriptor
#define RtlSubAuthoritySid ntsection_RtlSubAuthoritySid
#define ZwAllocateVirtualMemory ntsection_ZwAllocateVirtualMemory
#define ZwAllocateVirtualMemoryEx ntsection_ZwAllocateVirtualMemoryEx
#define ZwAreMappedFilesTheSame ntsection_ZwAreMappedFilesTheSame
#define ZwClose ntsection_ZwClose
#define ZwCreateSection ntsection_ZwCreateSection
#define ZwCreateSectionEx ntsection_ZwCreateSectionEx
#define ZwExtendSection ntsection_ZwExtendSection
#define ZwFlushVirtualMemory ntsection_ZwFlushVirtualMemory
#define ZwFreeVirtualMemory ntsection_ZwFreeVirtualMemory
#define ZwMapViewOfSection ntsection_ZwMapViewOfSection
#define ZwMapViewOfSectionEx ntsection_ZwMapViewOfSectionEx
#define ZwOpenProcess ntsection_ZwOpenProcess
#define ZwOpenSection ntsection_ZwOpenSection
#define ZwProtectVirtualMemory ntsection_ZwProtectVirtualMemory
#define ZwQuerySection ntsection_ZwQuerySection
#define ZwQueryVirtualMemory ntsection_ZwQueryVirtualMemory
#define ZwReadVirtualMemory ntsection_ZwReadVirtualMemory
#define ZwUnmapViewOfSection ntsection_ZwUnmapViewOfSection
#define ZwUnmapViewOfSectionEx ntsection_ZwUnmapViewOfSectionEx
#define ZwWriteVirtualMemory ntsection_ZwWriteVirtualMemory
#endif

/* The library's calling convention, whatever NTAPI is beside <winternl.h>. */
#ifdef NTSECTION_WINTERNL
#pragma push_macro("NTAPI")
#undef NTAPI
#define NTAPI
#endif

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString);
/*
 * Frees a string's Buffer with free(3) and empties it: for buffers the
 * program allocated with malloc(3) (no call here allocates strings).
 */
VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);

/*
 * Security descriptors as Windows builds them, for
 * OBJECT_ATTRIBUTES.SecurityDescriptor: the kernel maps one to the
 * section's mode (a NULL DACL: 0666; a DACL of allow ACEs for Everyone,
 * OWNER RIGHTS / CREATOR OWNER and CREATOR GROUP: those classes' bits; no
 * DACL: 0600) and refuses what a mode cannot say (see porting.rst).
 * Windows' statuses: UNKNOWN_REVISION, BUFFER_TOO_SMALL, INVALID_ACL,
 * INVALID_SID, ALLOTTED_SPACE_EXCEEDED, INVALID_SECURITY_DESCR.
 */
NTSTATUS NTAPI RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
					   ULONG Revision);
NTSTATUS NTAPI RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
					    BOOLEAN DaclPresent, PACL Dacl, BOOLEAN DaclDefaulted);
NTSTATUS NTAPI RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision);
NTSTATUS NTAPI RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask,
				      PSID Sid);
NTSTATUS NTAPI RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority,
				UCHAR SubAuthorityCount);
PULONG NTAPI RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority);
ULONG NTAPI RtlLengthRequiredSid(ULONG SubAuthorityCount);
ULONG NTAPI RtlLengthSid(PSID Sid);

/*
 * Without a 16-bit wchar_t, an L"" string is 32-bit: passing one is a
 * compile error with this message (in C++: no conversion to PCWSTR), never
 * a silent "\" name.
 */
#if !defined(NTSECTION_WINTERNL) && !defined(__cplusplus) && \
	!(defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2)
PCWSTR ntsection_wide_string_is_32_bit(void)
	__attribute__((__error__("L\"\" is 32-bit: build with -fshort-wchar or write u\"\"")));
#define RtlInitUnicodeString(d, s) \
	RtlInitUnicodeString((d), __builtin_choose_expr( \
		__builtin_types_compatible_p(__typeof__((s) + 0), wchar_t *) || \
		__builtin_types_compatible_p(__typeof__((s) + 0), const wchar_t *), \
		ntsection_wide_string_is_32_bit(), (s)))
#endif

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

#ifdef NTSECTION_WINTERNL
#pragma pop_macro("NTAPI")
#endif

#ifdef __cplusplus
}
#endif

#endif /* _NTSECTION_H */
