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
 * Conventions (those of ntsync): argument blocks have only __u32 and __u64
 * fields, pointers as __u64, padded to 8 bytes with explicit zeroed padding,
 * and unknown flags or non-zero reserved fields are rejected with EINVAL.
 * The information structures NtQuerySection writes are Windows' own layouts,
 * with their __u16 and __u8 fields: x86-64 for 64-bit callers, i386 (the
 * *32 structures) for 32-bit callers.
 */
#ifndef __UAPI_LINUX_NTSECTION_H
#define __UAPI_LINUX_NTSECTION_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* NTSTATUS values (SPEC §2). */
#define NT_STATUS_SUCCESS			0x00000000u
#define NT_STATUS_OBJECT_NAME_EXISTS		0x40000000u
#define NT_STATUS_IMAGE_NOT_AT_BASE		0x40000003u
#define NT_STATUS_IMAGE_MACHINE_TYPE_MISMATCH	0x4000000Eu
#define NT_STATUS_GUARD_PAGE_VIOLATION		0x80000001u
#define NT_STATUS_DATATYPE_MISALIGNMENT		0x80000002u
#define NT_STATUS_BUFFER_OVERFLOW		0x80000005u
#define NT_STATUS_PARTIAL_COPY			0x8000000Du
#define NT_STATUS_UNSUCCESSFUL			0xC0000001u
#define NT_STATUS_NOT_IMPLEMENTED		0xC0000002u
#define NT_STATUS_INVALID_INFO_CLASS		0xC0000003u
#define NT_STATUS_INFO_LENGTH_MISMATCH		0xC0000004u
#define NT_STATUS_ACCESS_VIOLATION		0xC0000005u
#define NT_STATUS_INVALID_HANDLE		0xC0000008u
#define NT_STATUS_INVALID_CID			0xC000000Bu
#define NT_STATUS_INVALID_PARAMETER		0xC000000Du
#define NT_STATUS_NO_MEMORY			0xC0000017u
#define NT_STATUS_CONFLICTING_ADDRESSES		0xC0000018u
#define NT_STATUS_NOT_MAPPED_VIEW		0xC0000019u
#define NT_STATUS_UNABLE_TO_FREE_VM		0xC000001Au
#define NT_STATUS_UNABLE_TO_DELETE_SECTION	0xC000001Bu
#define NT_STATUS_INVALID_VIEW_SIZE		0xC000001Fu
#define NT_STATUS_INVALID_FILE_FOR_SECTION	0xC0000020u
#define NT_STATUS_ALREADY_COMMITTED		0xC0000021u
#define NT_STATUS_ACCESS_DENIED			0xC0000022u
#define NT_STATUS_OBJECT_TYPE_MISMATCH		0xC0000024u
#define NT_STATUS_INVALID_PARAMETER_MIX		0xC0000030u
#define NT_STATUS_PRIVILEGE_NOT_HELD		0xC0000061u
#define NT_STATUS_INVALID_ACL			0xC0000077u
#define NT_STATUS_INVALID_SID			0xC0000078u
#define NT_STATUS_INVALID_SECURITY_DESCR	0xC0000079u
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
#define NT_STATUS_DISK_FULL			0xC000007Fu
#define NT_STATUS_SECTION_NOT_EXTENDED		0xC0000087u
#define NT_STATUS_NOT_MAPPED_DATA		0xC0000088u
#define NT_STATUS_FILE_INVALID			0xC0000098u
#define NT_STATUS_INSUFFICIENT_RESOURCES	0xC000009Au
#define NT_STATUS_FREE_VM_NOT_AT_BASE		0xC000009Fu
#define NT_STATUS_MEMORY_NOT_ALLOCATED		0xC00000A0u
#define NT_STATUS_NOT_SUPPORTED			0xC00000BBu
#define NT_STATUS_NOT_SAME_DEVICE		0xC00000D4u
#define NT_STATUS_UNEXPECTED_IO_ERROR		0xC00000E9u
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
#define NT_STATUS_PROCESS_IS_TERMINATING	0xC000010Au
#define NT_STATUS_INVALID_IMAGE_NE_FORMAT	0xC000011Bu
#define NT_STATUS_MAPPED_FILE_SIZE_ZERO		0xC000011Eu
#define NT_STATUS_COMMITMENT_LIMIT		0xC000012Du
#define NT_STATUS_INVALID_IMAGE_NOT_MZ		0xC000012Fu
#define NT_STATUS_INVALID_IMAGE_PROTECT		0xC0000130u
#define NT_STATUS_INVALID_IMAGE_WIN_16		0xC0000131u
#define NT_STATUS_INVALID_ADDRESS		0xC0000141u
#define NT_STATUS_IO_DEVICE_ERROR		0xC0000185u
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
#define NT_MEM_RESET				0x00080000u
#define NT_MEM_FREE				0x00010000u
#define NT_MEM_PRIVATE				0x00020000u
#define NT_MEM_MAPPED				0x00040000u
#define NT_MEM_TOP_DOWN				0x00100000u
#define NT_MEM_WRITE_WATCH			0x00200000u
#define NT_MEM_PHYSICAL				0x00400000u
#define NT_MEM_IMAGE				0x01000000u
#define NT_MEM_LARGE_PAGES			0x20000000u
#define NT_AT_ROUND_TO_PAGE			0x40000000u

/* Placeholders (SPEC §12): AllocationType bits, FreeType and unmap flags. */
#define NT_MEM_REPLACE_PLACEHOLDER		0x00004000u
#define NT_MEM_RESERVE_PLACEHOLDER		0x00040000u
#define NT_MEM_COALESCE_PLACEHOLDERS		0x00000001u
#define NT_MEM_PRESERVE_PLACEHOLDER		0x00000002u
#define NT_MEM_UNMAP_WITH_TRANSIENT_BOOST	0x00000001u

/* MEM_EXTENDED_PARAMETER_TYPE. */
#define NT_MEM_EXT_ADDRESS_REQUIREMENTS		1u
#define NT_MEM_EXT_NUMA_NODE			2u
#define NT_MEM_EXT_PARTITION_HANDLE		3u
#define NT_MEM_EXT_USER_PHYSICAL_HANDLE		4u
#define NT_MEM_EXT_ATTRIBUTE_FLAGS		5u
#define NT_MEM_EXT_IMAGE_MACHINE		6u
#define NT_MEM_EXT_MAX				7u
#define NT_MEM_EXT_TYPE_BITS			8u

/* MemExtendedParameterAttributeFlags values. */
#define NT_MEM_EXT_GRAPHICS			0x01u
#define NT_MEM_EXT_NONPAGED			0x02u
#define NT_MEM_EXT_ZERO_PAGES_OPTIONAL		0x04u
#define NT_MEM_EXT_NONPAGED_LARGE		0x08u
#define NT_MEM_EXT_NONPAGED_HUGE		0x10u
#define NT_MEM_EXT_SOFT_FAULT_PAGES		0x20u
#define NT_MEM_EXT_EC_CODE			0x40u
#define NT_MEM_EXT_IMAGE_NO_HPAT		0x80u

/* The maximum number of extended parameters an Ex call takes (one of each). */
#define NTSECTION_MAX_EXT_PARAMS		(NT_MEM_EXT_MAX - 1)

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

/* Process access rights (SPEC §11). */
#define NT_PROCESS_VM_OPERATION			0x0008u
#define NT_PROCESS_VM_READ			0x0010u
#define NT_PROCESS_VM_WRITE			0x0020u
#define NT_PROCESS_QUERY_INFORMATION		0x0400u
#define NT_PROCESS_QUERY_LIMITED_INFORMATION	0x1000u
#define NT_PROCESS_ALL_ACCESS			0x001FFFFFu
#define NT_MAXIMUM_ALLOWED			0x02000000u

/* Object attributes. */
#define NT_OBJ_INHERIT				0x0002u
#define NT_OBJ_PERMANENT			0x0010u
#define NT_OBJ_EXCLUSIVE			0x0020u
#define NT_OBJ_CASE_INSENSITIVE			0x0040u
#define NT_OBJ_OPENIF				0x0080u
#define NT_OBJ_OPENLINK				0x0100u
#define NT_OBJ_KERNEL_HANDLE			0x0200u
#define NT_OBJ_FORCE_ACCESS_CHECK		0x0400u
#define NT_OBJ_IGNORE_IMPERSONATED_DEVICEMAP	0x0800u
#define NT_OBJ_DONT_REPARSE			0x1000u
/* Every bit Windows accepts (OBJ_VALID_ATTRIBUTES); others: INVALID_PARAMETER. */
#define NT_OBJ_VALID_ATTRIBUTES			0x1FF2u

/* SECTION_INHERIT. */
#define NT_VIEW_SHARE				1u
#define NT_VIEW_UNMAP				2u

/* Granularities. */
#define NT_ALLOCATION_GRANULARITY		0x10000u

/* Handles in argument blocks are file descriptors, passed as __u32. */
#define NTSECTION_NO_FILE			0xFFFFFFFFu	/* FileHandle NULL */
#define NTSECTION_CURRENT_PROCESS		0xFFFFFFFFu	/* NtCurrentProcess() */

/* NtQuerySection information classes. */
#define NT_SECTION_BASIC_INFORMATION		0u
#define NT_SECTION_IMAGE_INFORMATION		1u

/**
 * struct ntsection_basic_information - SECTION_BASIC_INFORMATION (x86-64)
 * @base_address: always 0 for data sections
 * @attributes: SEC_* attributes of the section
 * @pad: zero
 * @size: size of the section in bytes
 */
struct ntsection_basic_information {
	__u64 base_address;
	__u32 attributes;
	__u32 pad;
	__u64 size;
};

/**
 * struct ntsection_basic_information32 - SECTION_BASIC_INFORMATION as
 *	32-bit callers (the compat path) get it: Windows' i386 layout
 * @base_address: always 0 for data sections
 * @attributes: SEC_* attributes of the section
 * @size: size of the section in bytes
 */
struct ntsection_basic_information32 {
	__u32 base_address;
	__u32 attributes;
	__u64 size;
};

/**
 * struct ntsection_image_information - SECTION_IMAGE_INFORMATION (x86-64)
 * @transfer_address: the image base plus AddressOfEntryPoint
 * @zero_bits: 0
 * @pad: zero
 * @maximum_stack_size: SizeOfStackReserve
 * @committed_stack_size: SizeOfStackCommit
 * @subsystem_type: Subsystem
 * @subsystem_minor_version: MinorSubsystemVersion
 * @subsystem_major_version: MajorSubsystemVersion
 * @major_os_version: MajorOperatingSystemVersion
 * @minor_os_version: MinorOperatingSystemVersion
 * @image_characteristics: FileHeader.Characteristics
 * @dll_characteristics: DllCharacteristics
 * @machine: FileHeader.Machine
 * @image_contains_code: the image has code (SPEC §10.2)
 * @image_flags: ComPlusNativeReady 0x01, ComPlusILOnly 0x02,
 *	ImageDynamicallyRelocated 0x04, ImageMappedFlat 0x08, BaseBelow4gb 0x10,
 *	ComPlusPrefer32bit 0x20
 * @loader_flags: 1 when the image has a COR20 (.NET) header
 * @image_file_size: the file's size
 * @checksum: CheckSum
 */
struct ntsection_image_information {
	__u64 transfer_address;
	__u32 zero_bits;
	__u32 pad;
	__u64 maximum_stack_size;
	__u64 committed_stack_size;
	__u32 subsystem_type;
	__u16 subsystem_minor_version;
	__u16 subsystem_major_version;
	__u16 major_os_version;
	__u16 minor_os_version;
	__u16 image_characteristics;
	__u16 dll_characteristics;
	__u16 machine;
	__u8 image_contains_code;
	__u8 image_flags;
	__u32 loader_flags;
	__u32 image_file_size;
	__u32 checksum;
};

/**
 * struct ntsection_image_information32 - SECTION_IMAGE_INFORMATION as
 *	32-bit callers get it (i386 layout, 48 bytes); the fields of struct
 *	ntsection_image_information, pointer-sized ones on 4 bytes
 * @transfer_address: see struct ntsection_image_information
 * @zero_bits: 0
 * @maximum_stack_size: SizeOfStackReserve
 * @committed_stack_size: SizeOfStackCommit
 * @subsystem_type: Subsystem
 * @subsystem_minor_version: MinorSubsystemVersion
 * @subsystem_major_version: MajorSubsystemVersion
 * @major_os_version: MajorOperatingSystemVersion
 * @minor_os_version: MinorOperatingSystemVersion
 * @image_characteristics: FileHeader.Characteristics
 * @dll_characteristics: DllCharacteristics
 * @machine: FileHeader.Machine
 * @image_contains_code: the image has code
 * @image_flags: as in struct ntsection_image_information
 * @loader_flags: 1 when the image has a COR20 header
 * @image_file_size: the file's size
 * @checksum: CheckSum
 */
struct ntsection_image_information32 {
	__u32 transfer_address;
	__u32 zero_bits;
	__u32 maximum_stack_size;
	__u32 committed_stack_size;
	__u32 subsystem_type;
	__u16 subsystem_minor_version;
	__u16 subsystem_major_version;
	__u16 major_os_version;
	__u16 minor_os_version;
	__u16 image_characteristics;
	__u16 dll_characteristics;
	__u16 machine;
	__u8 image_contains_code;
	__u8 image_flags;
	__u32 loader_flags;
	__u32 image_file_size;
	__u32 checksum;
};

/**
 * struct ntsection_version - reply of NTSECTION_IOC_VERSION
 * @major: ABI major version; a change here breaks existing callers
 * @minor: ABI minor version; grows when ioctls or flags are added
 * @status: NTSTATUS of the call, always NT_STATUS_SUCCESS
 * @large_page_shift: log2 of the large-page size (GetLargePageMinimum()):
 *	21 when SEC_LARGE_PAGES and MEM_LARGE_PAGES memory can be backed by
 *	2 MiB pages (the kernel has transparent huge pages), 0 when not
 *	(ABI 2.4; zero before)
 */
struct ntsection_version {
	__u32 major;
	__u32 minor;
	__u32 status;
	__u32 large_page_shift;
};

/*
 * The argument blocks of the section calls carry the caller's own pointers,
 * exactly the pointers the NT call was given, and the kernel reads and writes
 * what they point at itself: each NT call is one ioctl. A pointer that cannot
 * be read or written is NT_STATUS_ACCESS_VIOLATION (errno EFAULT) at the
 * point of the call where Windows probes it (see each structure), never a
 * signal. The pointed-to data are the Windows structures in the caller's data
 * model: pointer-sized values (PVOID, SIZE_T, HANDLE, ULONG_PTR) are 8 bytes
 * for 64-bit callers and 4 bytes for 32-bit callers (the compat ioctl path);
 * LARGE_INTEGER is 8 bytes in both. The OBJECT_ATTRIBUTES a pointer leads to
 * is Windows' (Length, RootDirectory, ObjectName, Attributes,
 * SecurityDescriptor, SecurityQualityOfService: 48 bytes, or 24 for 32-bit
 * callers), ObjectName a UNICODE_STRING (Length, MaximumLength, Buffer: 16
 * or 8 bytes).
 *
 * Handles the kernel reads from the caller's memory (RootDirectory) or writes
 * to it (*SectionHandle) are NT HANDLE values: NTSECTION_FD_TO_HANDLE(fd),
 * multiples of 4 as on Windows, the pseudo-handles (HANDLE)-1 to (HANDLE)-6
 * being valid handles to things that are no section or directory. Handles
 * given in an argument block itself (section_fd, file_fd, process_fd) are file
 * descriptors, NTSECTION_NO_FILE and NTSECTION_CURRENT_PROCESS as below.
 */
#define NTSECTION_FD_TO_HANDLE(fd)		((((__u64)(fd)) + 1) << 2)
#define NTSECTION_HANDLE_TO_FD(h)		((__s64)((h) >> 2) - 1)

/**
 * struct ntsection_mode_descriptor - a SecurityDescriptor that gives a mode
 * @magic: NTSECTION_MODE_DESCRIPTOR_MAGIC
 * @mode: permission bits of the named section (0: 0600, owner only)
 *
 * OBJECT_ATTRIBUTES.SecurityDescriptor may point at this instead of a Windows
 * SECURITY_DESCRIPTOR. A Windows descriptor (revision 1) with a NULL DACL
 * gives 0666; any other descriptor the default.
 */
struct ntsection_mode_descriptor {
	__u32 magic;
	__u32 mode;
};

#define NTSECTION_MODE_DESCRIPTOR_MAGIC		0x45444f4du	/* "MODE" */

/**
 * struct ntsection_create_args - NtCreateSection
 * @section_handle: PHANDLE SectionHandle: where the new handle is written
 * @object_attributes: POBJECT_ATTRIBUTES ObjectAttributes, 0 for NULL
 *	(an unnamed section)
 * @maximum_size: PLARGE_INTEGER MaximumSize, 0 for NULL
 * @desired_access: DesiredAccess
 * @protect: SectionPageProtection (NT_PAGE_*)
 * @alloc_attributes: AllocationAttributes (NT_SEC_*)
 * @file_fd: FileHandle: an fd opened on the backing file, or NTSECTION_NO_FILE
 * @status: out: the NTSTATUS
 * @fd: out: the new handle's fd (also the ioctl's return value)
 *
 * Order (SPEC §4): AllocationAttributes and the protection; then
 * *MaximumSize is read and *SectionHandle set to NULL (either faulting:
 * ACCESS_VIOLATION); then the size, the file and the sizes; then, at the
 * name's turn, whatever capturing *ObjectAttributes found (ACCESS_VIOLATION,
 * INVALID_PARAMETER for a wrong Length or mode, DATATYPE_MISALIGNMENT for an
 * odd name buffer, OBJECT_NAME_INVALID for a root without a name, the
 * RootDirectory's status for a relative name: INVALID_HANDLE when it is no
 * open fd, OBJECT_TYPE_MISMATCH for any open fd, O_PATH ones included, and
 * for the pseudo-handles); then the name itself. On
 * success the handle is written to *SectionHandle before the fd exists: a
 * fault there is ACCESS_VIOLATION and no handle is made. On any failure
 * *SectionHandle is set to NULL wherever it can be written (SPEC §4).
 */
struct ntsection_create_args {
	__u64 section_handle;
	__u64 object_attributes;
	__u64 maximum_size;
	__u32 desired_access;
	__u32 protect;
	__u32 alloc_attributes;
	__u32 file_fd;
	__u32 status;
	__u32 fd;
};

/**
 * struct ntsection_open_args - NtOpenSection
 * @section_handle: PHANDLE SectionHandle
 * @object_attributes: POBJECT_ATTRIBUTES ObjectAttributes (NULL:
 *	INVALID_PARAMETER)
 * @desired_access: DesiredAccess
 * @status: out: the NTSTATUS
 * @fd: out: the new handle's fd (also the ioctl's return value)
 * @pad: zero
 *
 * Order: @pad; *SectionHandle is set to NULL (ACCESS_VIOLATION), then
 * *ObjectAttributes is captured, then the name is looked up. On success the
 * handle is written as for NtCreateSection; on any failure *SectionHandle is
 * NULL wherever it can be written.
 */
struct ntsection_open_args {
	__u64 section_handle;
	__u64 object_attributes;
	__u32 desired_access;
	__u32 status;
	__u32 fd;
	__u32 pad;
};

/**
 * struct ntsection_map_args - NtMapViewOfSection
 * @section_fd: SectionHandle
 * @process_fd: ProcessHandle: NTSECTION_CURRENT_PROCESS, a pidfd of the
 *	caller, or a process handle with PROCESS_VM_OPERATION
 * @base_address: PVOID *BaseAddress: in, 0 lets the system choose; out, the view
 * @zero_bits: ZeroBits
 * @commit_size: CommitSize
 * @section_offset: PLARGE_INTEGER SectionOffset, 0 for NULL (offset 0)
 * @view_size: PSIZE_T ViewSize: in, 0 for "to the end"; out, the view's size
 * @inherit: InheritDisposition (NT_VIEW_SHARE or NT_VIEW_UNMAP)
 * @alloc_type: AllocationType (NT_MEM_*)
 * @protect: Win32Protect (NT_PAGE_*)
 * @status: out: the NTSTATUS
 *
 * Order (SPEC §5): InheritDisposition, AllocationType and the protection;
 * then *BaseAddress, *ViewSize and *SectionOffset are read
 * (ACCESS_VIOLATION); then the rest. *BaseAddress and *ViewSize are written
 * on success only; if that write faults, the view is unmapped again and the
 * call is ACCESS_VIOLATION. (If only @status cannot be written back, the
 * ioctl fails with EFAULT and the view stays, at *BaseAddress.)
 */
struct ntsection_map_args {
	__u32 section_fd;
	__u32 process_fd;
	__u64 base_address;
	__u64 zero_bits;
	__u64 commit_size;
	__u64 section_offset;
	__u64 view_size;
	__u32 inherit;
	__u32 alloc_type;
	__u32 protect;
	__u32 status;
};

/**
 * struct ntsection_unmap_args - NtUnmapViewOfSection
 * @process_fd: ProcessHandle
 * @status: out: the NTSTATUS
 * @base: BaseAddress: any address inside the view
 */
struct ntsection_unmap_args {
	__u32 process_fd;
	__u32 status;
	__u64 base;
};

/**
 * struct ntsection_query_args - NtQuerySection
 * @section_fd: SectionHandle
 * @info_class: SectionInformationClass
 * @buffer: SectionInformation: where the information is written
 * @length: SectionInformationLength, in bytes
 * @return_length: PSIZE_T ReturnLength, 0 for NULL
 * @status: out: the NTSTATUS
 * @pad: zero
 *
 * Order: @pad; *ReturnLength is read (ACCESS_VIOLATION); the class and the length;
 * the handle; the query; then the information is written to @buffer and
 * the length to *ReturnLength (either faulting: ACCESS_VIOLATION).
 */
struct ntsection_query_args {
	__u32 section_fd;
	__u32 info_class;
	__u64 buffer;
	__u64 length;
	__u64 return_length;
	__u32 status;
	__u32 pad;
};

/**
 * struct ntsection_extend_args - NtExtendSection
 * @section_fd: SectionHandle
 * @status: out: the NTSTATUS
 * @new_section_size: PLARGE_INTEGER NewSectionSize: in, the new size; out,
 *	the section's size (ACCESS_VIOLATION, first, when it cannot be read;
 *	after the extension when it cannot be written)
 */
struct ntsection_extend_args {
	__u32 section_fd;
	__u32 status;
	__u64 new_section_size;
};

/**
 * struct ntsection_vm_args - NtAllocateVirtualMemory(MEM_COMMIT) and
 *	NtFreeVirtualMemory on a view
 * @process_fd: ProcessHandle
 * @alloc_type: NT_MEM_COMMIT (commit); FreeType (free): NT_MEM_DECOMMIT,
 *	NT_MEM_RELEASE, or NT_MEM_RELEASE with NT_MEM_PRESERVE_PLACEHOLDER or
 *	NT_MEM_COALESCE_PLACEHOLDERS (placeholders, SPEC §12)
 * @base: in/out: start of the range (rounded down to a page on return)
 * @size: in/out: size of the range (rounded up to whole pages on return)
 * @protect: Win32Protect (commit)
 * @status: out: the NTSTATUS
 * @old_protect: zero (reserved for NtProtectVirtualMemory)
 * @pad: zero, or for NTSECTION_IOC_FREE NTSECTION_FREE_PRIVATE_PLACEHOLDER
 *
 * A commit in a SEC_RESERVE view commits pages of the pagefile section; in
 * a view of a file mapped with NT_MEM_RESERVE through a handle with
 * NT_SECTION_EXTEND_SIZE (an extendable view, whose pages past the file's
 * end are reserved) it grows the section and the file to the end of the
 * range; in any other file view it is NT_STATUS_ACCESS_DENIED.
 */
struct ntsection_vm_args {
	__u32 process_fd;
	__u32 alloc_type;
	__u64 base;
	__u64 size;
	__u32 protect;
	__u32 status;
	__u32 old_protect;
	__u32 pad;
};

/**
 * struct ntsection_vm_info - NtQueryVirtualMemory(MemoryBasicInformation)
 *	on a view
 * @process_fd: ProcessHandle
 * @status: out: the NTSTATUS (NT_STATUS_NOT_MAPPED_VIEW: not in a view)
 * @address: the address asked about
 * @base_address: out: the page-aligned start of the region
 * @allocation_base: out: the start of the view
 * @region_size: out: bytes from @base_address with the same state and protection
 * @allocation_protect: out: the view's protection
 * @state: out: NT_MEM_COMMIT or NT_MEM_RESERVE
 * @protect: out: current protection (0 for reserved pages)
 * @type: out: NT_MEM_MAPPED
 */
struct ntsection_vm_info {
	__u32 process_fd;
	__u32 status;
	__u64 address;
	__u64 base_address;
	__u64 allocation_base;
	__u64 region_size;
	__u32 allocation_protect;
	__u32 state;
	__u32 protect;
	__u32 type;
};

/* NtQueryVirtualMemory's MemoryInformationClass values. */
#define NT_MEMORY_BASIC_INFORMATION		0u
#define NT_MEMORY_MAPPED_FILENAME_INFORMATION	2u
#define NT_MEMORY_REGION_INFORMATION		3u
#define NT_MEMORY_WORKING_SET_EX_INFORMATION	4u
#define NT_MEMORY_IMAGE_INFORMATION		6u
#define NT_MEMORY_REGION_INFORMATION_EX		7u

/* MEMORY_REGION_INFORMATION.RegionType. */
#define NT_REGION_PRIVATE			0x1u
#define NT_REGION_MAPPED_DATA_FILE		0x2u
#define NT_REGION_MAPPED_IMAGE			0x4u
#define NT_REGION_MAPPED_PAGE_FILE		0x8u
#define NT_REGION_MAPPED_PHYSICAL		0x10u
#define NT_REGION_DIRECT_MAPPED			0x20u
#define NT_REGION_SOFTWARE_ENCLAVE		0x40u
#define NT_REGION_PAGE_SIZE_64K			0x80u
#define NT_REGION_PLACEHOLDER_RESERVATION	0x100u
#define NT_REGION_MAPPED_AWE			0x200u
#define NT_REGION_MAPPED_WRITE_WATCH		0x400u
#define NT_REGION_PAGE_SIZE_LARGE		0x800u
#define NT_REGION_PAGE_SIZE_HUGE		0x1000u

/**
 * struct ntsection_memory_region_information - MEMORY_REGION_INFORMATION
 *	(x86-64, 48 bytes; MemoryRegionInformation and MemoryRegionInformationEx)
 * @allocation_base: the start of the allocation (a view, a reservation)
 * @allocation_protect: the protection it was made with
 * @region_type: NT_REGION_* bits (Windows itself reports 0 here)
 * @region_size: the size of the whole allocation
 * @commit_size: the private commit it charges: committed bytes of private
 *	memory; the copy-on-write (WRITECOPY) pages of a view; 0 for shared
 *	pages, whose commit is the section's
 * @partition_id: 0 (the system partition)
 * @node_preference: 0 (no NUMA preference)
 *
 * A buffer shorter than offsetof(@commit_size) is INFO_LENGTH_MISMATCH;
 * longer ones get the fields that fit whole, and *ReturnLength the size of
 * the structure. Free memory: INVALID_ADDRESS, the buffer untouched.
 */
struct ntsection_memory_region_information {
	__u64 allocation_base;
	__u32 allocation_protect;
	__u32 region_type;
	__u64 region_size;
	__u64 commit_size;
	__u64 partition_id;
	__u64 node_preference;
};

/**
 * struct ntsection_memory_region_information32 - MEMORY_REGION_INFORMATION
 *	for 32-bit callers (28 bytes)
 * @allocation_base: see struct ntsection_memory_region_information
 * @allocation_protect: the protection the allocation was made with
 * @region_type: NT_REGION_*
 * @region_size: the size of the whole allocation
 * @commit_size: its private commit
 * @partition_id: 0
 * @node_preference: 0
 */
struct ntsection_memory_region_information32 {
	__u32 allocation_base;
	__u32 allocation_protect;
	__u32 region_type;
	__u32 region_size;
	__u32 commit_size;
	__u32 partition_id;
	__u32 node_preference;
};

/*
 * MEMORY_WORKING_SET_EX_BLOCK (VirtualAttributes), Windows' bit layout:
 * Valid:1, ShareCount:3, Win32Protection:11, Shared:1, Node:6, Locked:1,
 * LargePage:1, Priority:3, Reserved:3, SharedOriginal:1, Bad:1. A page that
 * is not valid keeps only Shared (bit 15).
 */
#define NT_WS_VALID				0x1u
#define NT_WS_SHARE_COUNT_SHIFT			1
#define NT_WS_SHARE_COUNT_MAX			7u
#define NT_WS_PROTECTION_SHIFT			4
#define NT_WS_PROTECTION_MASK			0x7ffu
#define NT_WS_SHARED				0x8000u
#define NT_WS_NODE_SHIFT			16
#define NT_WS_NODE_MASK				0x3fu
#define NT_WS_LOCKED				0x400000u
#define NT_WS_LARGE_PAGE			0x800000u

/**
 * struct ntsection_memory_working_set_ex_information - one entry of
 *	MEMORY_WORKING_SET_EX_INFORMATION (x86-64, 16 bytes; 8 for 32-bit
 *	callers, two 32-bit fields)
 * @virtual_address: in: the page asked about
 * @virtual_attributes: out: NT_WS_* bits, from the page tables
 *
 * MemoryWorkingSetExInformation takes an array of these (BaseAddress is
 * not used); a buffer shorter than one entry is INFO_LENGTH_MISMATCH, a
 * longer one has every whole entry answered and *ReturnLength the buffer's
 * length.
 */
struct ntsection_memory_working_set_ex_information {
	__u64 virtual_address;
	__u64 virtual_attributes;
};

/* MEMORY_IMAGE_INFORMATION.ImageFlags. */
#define NT_IMAGE_PARTIAL_MAP			0x1u
#define NT_IMAGE_NOT_EXECUTABLE			0x2u

/**
 * struct ntsection_memory_image_information - MEMORY_IMAGE_INFORMATION
 *	(x86-64, 24 bytes)
 * @image_base: the start of the image view
 * @size_of_image: the view's size
 * @image_flags: NT_IMAGE_PARTIAL_MAP (a view of the image's first pages
 *	only), NT_IMAGE_NOT_EXECUTABLE (SEC_IMAGE_NO_EXECUTE)
 * @pad: zero
 */
struct ntsection_memory_image_information {
	__u64 image_base;
	__u64 size_of_image;
	__u32 image_flags;
	__u32 pad;
};

/**
 * struct ntsection_memory_image_information32 - MEMORY_IMAGE_INFORMATION for
 *	32-bit callers (12 bytes)
 * @image_base: see struct ntsection_memory_image_information
 * @size_of_image: the view's size
 * @image_flags: NT_IMAGE_*
 */
struct ntsection_memory_image_information32 {
	__u32 image_base;
	__u32 size_of_image;
	__u32 image_flags;
};

/**
 * struct ntsection_query_vm_args - NtQueryVirtualMemory with an information
 *	class that writes the caller's buffer (MemoryImageInformation,
 *	MemoryMappedFilenameInformation, MemoryRegionInformation(Ex),
 *	MemoryWorkingSetExInformation)
 * @process_fd: ProcessHandle (NtCurrentProcess(): -1)
 * @info_class: NT_MEMORY_IMAGE_INFORMATION,
 *	NT_MEMORY_MAPPED_FILENAME_INFORMATION, NT_MEMORY_REGION_INFORMATION,
 *	NT_MEMORY_REGION_INFORMATION_EX or NT_MEMORY_WORKING_SET_EX_INFORMATION
 * @address: BaseAddress
 * @buffer: MemoryInformation, a pointer in the caller's data model
 * @length: MemoryInformationLength
 * @return_length: ReturnLength (a SIZE_T pointer) or 0
 * @status: out: the NTSTATUS
 * @pad: zero
 *
 * MemoryImageInformation: inside an image view its base, size and flags;
 * elsewhere in the address space zeros; free memory INVALID_ADDRESS; a
 * buffer shorter than the structure (24 bytes, 12 for 32-bit callers)
 * INFO_LENGTH_MISMATCH. MemoryMappedFilenameInformation: inside a view of a
 * file a UNICODE_STRING followed by the file's name (\??\unix and its
 * path, NUL-terminated, in UTF-16) with Buffer pointing right after the
 * structure; a buffer too short for the structure INFO_LENGTH_MISMATCH, for
 * the name BUFFER_OVERFLOW, both with *ReturnLength the size needed; a
 * pagefile-backed view FILE_INVALID; anything else INVALID_ADDRESS.
 * MemoryRegionInformation(Ex): see struct
 * ntsection_memory_region_information. MemoryWorkingSetExInformation: see
 * struct ntsection_memory_working_set_ex_information; an unreadable or
 * unwritable entry is ACCESS_VIOLATION.
 */
struct ntsection_query_vm_args {
	__u32 process_fd;
	__u32 info_class;
	__u64 address;
	__u64 buffer;
	__u64 length;
	__u64 return_length;
	__u32 status;
	__u32 pad;
};

/**
 * struct ntsection_same_files_args - NtAreMappedFilesTheSame
 * @address1: File1MappedAsAnImage
 * @address2: File2MappedAsFile
 * @status: out: SUCCESS when @address1 is in an image view and @address2 in a
 *	view of the same file, or both in one data view; NOT_SAME_DEVICE for
 *	other views; CONFLICTING_ADDRESSES when one is memory that is no view;
 *	INVALID_ADDRESS when one is NULL or free
 * @pad: zero
 */
struct ntsection_same_files_args {
	__u64 address1;
	__u64 address2;
	__u32 status;
	__u32 pad;
};

/* ntsection_open_process_args.flags */
#define NTSECTION_PROCESS_PIDFD			0x1u

/**
 * struct ntsection_open_process_args - NtOpenProcess, or a process handle
 *	from a pidfd
 * @process_handle: PHANDLE ProcessHandle: where the handle is written (a
 *	pointer in the caller's data model)
 * @access: DesiredAccess (NT_PROCESS_*, GENERIC_*, MAXIMUM_ALLOWED)
 * @object_attributes: POBJECT_ATTRIBUTES (NULL: ACCESS_VIOLATION, as on
 *	Windows); only OBJ_INHERIT is used, and an ObjectName is
 *	INVALID_PARAMETER_MIX; ignored with NTSECTION_PROCESS_PIDFD
 * @client_id: PCLIENT_ID: UniqueProcess and UniqueThread, pointer-sized
 *	each (NULL: INVALID_PARAMETER_MIX); a UniqueThread must be a thread of
 *	UniqueProcess (or names it, when that is 0), else INVALID_CID;
 *	ignored with NTSECTION_PROCESS_PIDFD
 * @pidfd: with NTSECTION_PROCESS_PIDFD, the pidfd naming the process;
 *	else zero
 * @flags: NTSECTION_PROCESS_PIDFD or 0
 * @status: out: the NTSTATUS
 *
 * The handle is a file descriptor carrying @access and the process (its
 * struct pid and its address space as they were at open: after an execve()
 * the handle's calls are PROCESS_IS_TERMINATING). On failure *ProcessHandle
 * is 0 (when it can be written). Who may open whom is
 * ptrace attach with real credentials: the same uid and gid as the
 * target's real, effective and saved ones and a superset of its permitted
 * capabilities, or CAP_SYS_PTRACE in its user namespace; a non-dumpable
 * target needs the capability. ACCESS_DENIED otherwise; INVALID_CID for a
 * process that does not exist.
 */
struct ntsection_open_process_args {
	__u64 process_handle;
	__u32 access;
	__u32 pidfd;
	__u64 object_attributes;
	__u64 client_id;
	__u32 flags;
	__u32 status;
};

/**
 * struct ntsection_rw_vm_args - NtReadVirtualMemory, NtWriteVirtualMemory
 * @process_fd: ProcessHandle (PROCESS_VM_READ, PROCESS_VM_WRITE)
 * @status: out: the NTSTATUS
 * @address: BaseAddress, in the target
 * @buffer: Buffer, in the caller
 * @size: the number of bytes
 * @bytes: PSIZE_T NumberOfBytesRead/Written, or 0
 *
 * A range of the target that cannot be read (written) wholly is
 * PARTIAL_COPY with the bytes copied before it; a @buffer that faults is
 * ACCESS_VIOLATION; @size 0 is SUCCESS. The target's pages are reached
 * with its own protections, as Windows does (a read-only page cannot be
 * written, a PAGE_NOACCESS page not read): never beyond what ptrace allows.
 * *@bytes is written whatever the status, once the handle was good.
 */
struct ntsection_rw_vm_args {
	__u32 process_fd;
	__u32 status;
	__u64 address;
	__u64 buffer;
	__u64 size;
	__u64 bytes;
};

/* User APCs: calls another process asks of this process's libntsection. */
#define NTSECTION_APC_ALLOCATE			1u	/* NtAllocateVirtualMemory */
#define NTSECTION_APC_FREE			2u	/* NtFreeVirtualMemory */
#define NTSECTION_APC_PROTECT			3u	/* NtProtectVirtualMemory */
#define NTSECTION_APC_QUERY			4u	/* NtQueryVirtualMemory, basic */

/**
 * struct ntsection_apc - a call another process makes of this one's
 *	libntsection (a user APC), or its answer
 * @id: which call (0: none), given by the kernel
 * @op: NTSECTION_APC_*
 * @status: in an answer, the call's NTSTATUS
 * @arg: the arguments; in an answer, the results. ALLOCATE: BaseAddress,
 *	RegionSize, ZeroBits, AllocationType, Protect -> BaseAddress,
 *	RegionSize. FREE: BaseAddress, RegionSize, FreeType -> BaseAddress,
 *	RegionSize. PROTECT: BaseAddress, NumberOfBytesToProtect,
 *	NewAccessProtection -> BaseAddress, NumberOfBytesToProtect,
 *	OldAccessProtection. QUERY: BaseAddress -> BaseAddress,
 *	AllocationBase, RegionSize, AllocationProtect, State | Protect << 32,
 *	Type.
 */
struct ntsection_apc {
	__u64 id;
	__u32 op;
	__u32 status;
	__u64 arg[6];
};

/**
 * struct ntsection_apc_open_args - NTSECTION_IOC_APC_OPEN: this process's
 *	APC fd, on which one of its threads serves other processes' calls
 * @fd: out: the fd (close-on-exec)
 * @status: out: the NTSTATUS (OBJECT_NAME_COLLISION: the process has one)
 */
struct ntsection_apc_open_args {
	__u32 fd;
	__u32 status;
};

/**
 * struct ntsection_apc_wait_args - NTSECTION_IOC_APC_WAIT, on the APC fd
 * @reply: the answer to the call last taken (@reply.id 0: none)
 * @call: out: the next call, when the ioctl returns 0
 *
 * Blocks until a call comes (EINTR for a signal: call again). Only a
 * thread of the process that opened the fd may wait on it (EINVAL).
 */
struct ntsection_apc_wait_args {
	struct ntsection_apc reply;
	struct ntsection_apc call;
};

/**
 * struct ntsection_apc_call_args - NTSECTION_IOC_APC_CALL: a call of
 *	another process's libntsection (its private memory)
 * @process_fd: a process handle of another process (PROCESS_VM_OPERATION;
 *	PROCESS_QUERY_LIMITED_INFORMATION for NTSECTION_APC_QUERY)
 * @status: out: the call's NTSTATUS in the target; NOT_SUPPORTED when the
 *	target serves no APCs (its libntsection has not started, or nobody
 *	took the call within a second while its serving thread was stopped)
 * @apc: in: @apc.op and @apc.arg; out: the results in @apc.arg
 */
struct ntsection_apc_call_args {
	__u32 process_fd;
	__u32 status;
	struct ntsection_apc apc;
};

/**
 * struct ntsection_mem_extended_parameter - MEM_EXTENDED_PARAMETER (x86-64)
 * @type: bits 0-7: the NT_MEM_EXT_* type; bits 8-63: Windows' Reserved,
 *	ignored (as by Wine)
 * @value: the parameter: a pointer to a struct
 *	ntsection_mem_address_requirements (ADDRESS_REQUIREMENTS), a node
 *	number (NUMA_NODE, a ULONG: the low 32 bits), a handle
 *	(PARTITION_HANDLE, USER_PHYSICAL_HANDLE), NT_MEM_EXT_* flags
 *	(ATTRIBUTE_FLAGS, a ULONG64) or an IMAGE_FILE_MACHINE_* value
 *	(IMAGE_MACHINE, a ULONG)
 *
 * A 32-bit caller's entries are 16 bytes as well; their pointers and
 * handles are the low 32 bits of @value, and the MEM_ADDRESS_REQUIREMENTS
 * they point to is three 32-bit words (12 bytes).
 */
struct ntsection_mem_extended_parameter {
	__u64 type;
	__u64 value;
};

/**
 * struct ntsection_mem_address_requirements - MEM_ADDRESS_REQUIREMENTS
 * @lowest_starting_address: 0, or the lowest address (64 KiB aligned)
 * @highest_ending_address: 0, or the highest address of the last byte (a
 *	page end minus 1)
 * @alignment: 0, or a power of two of at least 64 KiB
 */
struct ntsection_mem_address_requirements {
	__u64 lowest_starting_address;
	__u64 highest_ending_address;
	__u64 alignment;
};

/**
 * struct ntsection_map_ex_args - NtMapViewOfSectionEx
 * @map: the NtMapViewOfSection arguments; @map.zero_bits and
 *	@map.commit_size must be 0 (the Ex call has neither)
 * @ext_params: MEM_EXTENDED_PARAMETER *ExtendedParameters (an array of
 *	struct ntsection_mem_extended_parameter), 0 for NULL
 * @ext_count: ULONG ParameterCount
 * @pad: zero
 *
 * AllocationType may add MEM_REPLACE_PLACEHOLDER: the view replaces the
 * placeholder at *BaseAddress, which must be exactly its size; BaseAddress
 * and SectionOffset then need page alignment only.
 */
struct ntsection_map_ex_args {
	struct ntsection_map_args map;
	__u64 ext_params;
	__u32 ext_count;
	__u32 pad;
};

/**
 * struct ntsection_unmap_ex_args - NtUnmapViewOfSectionEx
 * @process_fd: ProcessHandle
 * @flags: NT_MEM_PRESERVE_PLACEHOLDER (the view becomes a placeholder
 *	again), NT_MEM_UNMAP_WITH_TRANSIENT_BOOST (a hint, no effect)
 * @base: BaseAddress: any address inside the view
 * @status: out: the NTSTATUS
 * @pad: zero
 */
struct ntsection_unmap_ex_args {
	__u32 process_fd;
	__u32 flags;
	__u64 base;
	__u32 status;
	__u32 pad;
};

/* MEM_SECTION_EXTENDED_PARAMETER_TYPE (NtCreateSectionEx). */
#define NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS	1u
#define NT_MEM_SECTION_EXT_NUMA_NODE		2u
#define NT_MEM_SECTION_EXT_SIGNING_LEVEL	3u
#define NT_MEM_SECTION_EXT_MAX			4u

/**
 * struct ntsection_create_ex_args - NtCreateSectionEx
 * @create: the NtCreateSection arguments (@create.status is the status)
 * @ext_params: MEM_EXTENDED_PARAMETER *ExtendedParameters (of the
 *	NT_MEM_SECTION_EXT_* types), 0 for NULL
 * @ext_count: ULONG ExtendedParameterCount
 * @pad: zero
 *
 * The extended parameters are checked first: a type of 0 or from
 * NT_MEM_SECTION_EXT_MAX on, or one given twice: INVALID_PARAMETER; a NUMA
 * node that does not exist: INVALID_PARAMETER; UserPhysicalFlags:
 * NOT_SUPPORTED. A valid NumaNode and a SigningLevel are accepted and have
 * no effect on the section (see the documentation).
 */
struct ntsection_create_ex_args {
	struct ntsection_create_args create;
	__u64 ext_params;
	__u32 ext_count;
	__u32 pad;
};

/* What NTSECTION_IOC_ALLOCATE_EX did (struct ntsection_allocate_ex_args). */
#define NTSECTION_ALLOC_NOTHING			0u	/* libntsection's to do */
#define NTSECTION_ALLOC_PLACEHOLDER		1u	/* a placeholder was reserved */
#define NTSECTION_ALLOC_PRIVATE			2u	/* private memory was reserved */
#define NTSECTION_ALLOC_REPLACED		3u	/* ... in place of a placeholder */

/**
 * struct ntsection_allocate_ex_args - the kernel's part of
 *	NtAllocateVirtualMemoryEx: placeholders and placement
 * @process_fd: ProcessHandle
 * @alloc_type: AllocationType
 * @base: in/out: *BaseAddress (a value, not a pointer)
 * @size: in/out: *RegionSize (a value)
 * @protect: PageProtection
 * @status: out: the NTSTATUS
 * @ext_params: MEM_EXTENDED_PARAMETER *ExtendedParameters, 0 for NULL
 * @ext_count: ULONG ParameterCount
 * @result: out: NTSECTION_ALLOC_*, what was done
 *
 * Every argument is checked here, for every AllocationType (SPEC §12).
 * MEM_RESERVE | MEM_RESERVE_PLACEHOLDER reserves a placeholder. MEM_RESERVE
 * | MEM_REPLACE_PLACEHOLDER (with MEM_COMMIT or not) replaces the
 * placeholder at @base, exactly its size, with reserved private memory
 * (PROT_NONE): the caller's libntsection records it and commits it. A
 * MEM_RESERVE with an address requirement is placed here, as reserved
 * private memory. Anything else is left to the library (RESULT_NOTHING),
 * after the checks.
 */
struct ntsection_allocate_ex_args {
	__u32 process_fd;
	__u32 alloc_type;
	__u64 base;
	__u64 size;
	__u32 protect;
	__u32 status;
	__u64 ext_params;
	__u32 ext_count;
	__u32 result;
};

/*
 * struct ntsection_vm_args @pad of NTSECTION_IOC_FREE: with
 * NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER, the caller's libntsection
 * says that [@base, @base + @size) is its private allocation that replaced a
 * placeholder: it becomes that placeholder again. The range must hold
 * private anonymous memory only.
 */
#define NTSECTION_FREE_PRIVATE_PLACEHOLDER	1u

/**
 * struct ntsection_flush_args - NtFlushVirtualMemory
 * @process_fd: ProcessHandle (PROCESS_VM_OPERATION)
 * @status: out: the NTSTATUS
 * @base_address: PVOID *BaseAddress: in, an address in a view; out, rounded
 *	down to a page
 * @region_size: PSIZE_T RegionSize: in, the bytes to flush (0: to the end
 *	of the view, counted from the rounded base); out, the page-rounded
 *	size of the range flushed
 * @io_status: PIO_STATUS_BLOCK IoStatus: out, { Status, Information = the
 *	bytes of the range } (16 bytes, 8 for a 32-bit caller)
 *
 * Order (Windows' NtFlushVirtualMemory): *BaseAddress, *RegionSize and
 * *IoStatus are read (ACCESS_VIOLATION); a base past the user address space
 * or a range past its end: INVALID_PARAMETER_2; the process handle
 * (INVALID_HANDLE, OBJECT_TYPE_MISMATCH, ACCESS_DENIED); no view at the base
 * (free or private memory), or a range that ends past the view:
 * NOT_MAPPED_VIEW; a view of a pagefile-backed or image section:
 * NOT_MAPPED_DATA. Then the dirty pages of the file range the view range
 * maps are written and waited for (no file metadata, no disk cache flush:
 * FlushViewOfFile's contract); a write error is IO_DEVICE_ERROR (EIO),
 * DISK_FULL (ENOSPC, EDQUOT) or UNEXPECTED_IO_ERROR. The three outputs are
 * written once the flush ran (success or write error), a fault there
 * ignored, as Windows does.
 */
struct ntsection_flush_args {
	__u32 process_fd;
	__u32 status;
	__u64 base_address;
	__u64 region_size;
	__u64 io_status;
};

#define NTSECTION_ABI_MAJOR			2
#define NTSECTION_ABI_MINOR			4

/* 0xD5 is unused in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define NTSECTION_IOC_MAGIC			0xD5

/* On /dev/ntsection. */
#define NTSECTION_IOC_VERSION	_IOR(NTSECTION_IOC_MAGIC, 0x00, struct ntsection_version)
#define NTSECTION_IOC_CREATE	_IOWR(NTSECTION_IOC_MAGIC, 0x01, struct ntsection_create_args)
#define NTSECTION_IOC_OPEN	_IOWR(NTSECTION_IOC_MAGIC, 0x02, struct ntsection_open_args)
#define NTSECTION_IOC_MAP	_IOWR(NTSECTION_IOC_MAGIC, 0x03, struct ntsection_map_args)
#define NTSECTION_IOC_UNMAP	_IOWR(NTSECTION_IOC_MAGIC, 0x04, struct ntsection_unmap_args)
#define NTSECTION_IOC_QUERY	_IOWR(NTSECTION_IOC_MAGIC, 0x05, struct ntsection_query_args)
#define NTSECTION_IOC_EXTEND	_IOWR(NTSECTION_IOC_MAGIC, 0x06, struct ntsection_extend_args)
#define NTSECTION_IOC_COMMIT	_IOWR(NTSECTION_IOC_MAGIC, 0x07, struct ntsection_vm_args)
#define NTSECTION_IOC_FREE	_IOWR(NTSECTION_IOC_MAGIC, 0x08, struct ntsection_vm_args)
#define NTSECTION_IOC_QUERY_VM	_IOWR(NTSECTION_IOC_MAGIC, 0x09, struct ntsection_vm_info)
#define NTSECTION_IOC_QUERY_VM_INFO \
	_IOWR(NTSECTION_IOC_MAGIC, 0x0a, struct ntsection_query_vm_args)
#define NTSECTION_IOC_SAME_FILES \
	_IOWR(NTSECTION_IOC_MAGIC, 0x0b, struct ntsection_same_files_args)
/*
 * NtProtectVirtualMemory on part of a view: @base and @size (page-aligned)
 * must lie in one view; then, until withdrawn or replaced and for a second
 * at most, the calling thread's mprotect() may split the views' VMAs at
 * @base and @base + @size (nowhere else). @size 0 withdraws it;
 * @alloc_type and @protect are 0.
 */
#define NTSECTION_IOC_PROTECT	_IOWR(NTSECTION_IOC_MAGIC, 0x0c, struct ntsection_vm_args)
#define NTSECTION_IOC_OPEN_PROCESS \
	_IOWR(NTSECTION_IOC_MAGIC, 0x0d, struct ntsection_open_process_args)
#define NTSECTION_IOC_READ_VM	_IOWR(NTSECTION_IOC_MAGIC, 0x0e, struct ntsection_rw_vm_args)
#define NTSECTION_IOC_WRITE_VM	_IOWR(NTSECTION_IOC_MAGIC, 0x0f, struct ntsection_rw_vm_args)
#define NTSECTION_IOC_APC_OPEN	_IOWR(NTSECTION_IOC_MAGIC, 0x10, struct ntsection_apc_open_args)
#define NTSECTION_IOC_APC_CALL	_IOWR(NTSECTION_IOC_MAGIC, 0x11, struct ntsection_apc_call_args)
#define NTSECTION_IOC_MAP_EX	_IOWR(NTSECTION_IOC_MAGIC, 0x13, struct ntsection_map_ex_args)
#define NTSECTION_IOC_UNMAP_EX	_IOWR(NTSECTION_IOC_MAGIC, 0x14, struct ntsection_unmap_ex_args)
#define NTSECTION_IOC_ALLOCATE_EX \
	_IOWR(NTSECTION_IOC_MAGIC, 0x16, struct ntsection_allocate_ex_args)
#define NTSECTION_IOC_CREATE_EX \
	_IOWR(NTSECTION_IOC_MAGIC, 0x17, struct ntsection_create_ex_args)
#define NTSECTION_IOC_FLUSH	_IOWR(NTSECTION_IOC_MAGIC, 0x15, struct ntsection_flush_args)
/* On the APC fd. */
#define NTSECTION_IOC_APC_WAIT	_IOWR(NTSECTION_IOC_MAGIC, 0x12, struct ntsection_apc_wait_args)

#endif /* __UAPI_LINUX_NTSECTION_H */
