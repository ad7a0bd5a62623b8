// SPDX-License-Identifier: GPL-2.0-only
/*
 * "Managing Memory Sections" (the WDK page), in user mode, written as a
 * driver writes it: ZwCreateSection (a pagefile-backed section, then a
 * file-backed one), ZwOpenSection for another handle, ZwMapViewOfSection
 * with PAGE_READONLY, PAGE_READWRITE and PAGE_WRITECOPY views,
 * ZwUnmapViewOfSection and ZwClose.
 * Built with -fshort-wchar: names are L"" strings.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ntsection.h>

#include "tap.h"

#define SECTION_NAME L"\\BaseNamedObjects\\win-seed-section"

static NTSTATUS MapWholeView(IN HANDLE Section, IN ULONG Protect, OUT void **Base)
{
	SIZE_T viewSize = 0;	/* 0: the whole section */

	*Base = NULL;
	return ZwMapViewOfSection(Section, ZwCurrentProcess(), Base, 0, 0, NULL, &viewSize,
				  ViewUnmap, 0, Protect);
}

int main(void)
{
	UNICODE_STRING sectionName;
	OBJECT_ATTRIBUTES objectAttributes;
	LARGE_INTEGER maximumSize;
	MEMORY_BASIC_INFORMATION mbi;
	HANDLE sectionHandle = NULL, openedHandle = NULL, fileSection = NULL;
	PVOID rwView = NULL, roView = NULL, cowView = NULL, fileView = NULL;
	char path[] = "/tmp/win-seed-XXXXXX";
	NTSTATUS status;
	int fd;

	if (tap_start(9))
		return 0;
	RtlInitUnicodeString(&sectionName, SECTION_NAME);
	InitializeObjectAttributes(&objectAttributes, &sectionName, OBJ_CASE_INSENSITIVE, NULL,
				   NULL);
	maximumSize.QuadPart = 0x10000;
	status = ZwCreateSection(&sectionHandle, SECTION_ALL_ACCESS, &objectAttributes,
				 &maximumSize, PAGE_READWRITE, SEC_COMMIT, NULL);
	tap_check(NT_SUCCESS(status) && sectionHandle, "ZwCreateSection, FileHandle NULL");
	tap_check(sectionName.Length == sizeof(SECTION_NAME) - sizeof(WCHAR),
		  "an L\"\" name is a WCHAR string");

	status = ZwOpenSection(&openedHandle, SECTION_MAP_READ | SECTION_MAP_WRITE,
			       &objectAttributes);
	tap_check(NT_SUCCESS(status) && openedHandle && openedHandle != sectionHandle,
		  "ZwOpenSection: another handle to it");

	status = MapWholeView(sectionHandle, PAGE_READWRITE, &rwView);
	if (NT_SUCCESS(status))
		status = ZwQueryVirtualMemory(ZwCurrentProcess(), rwView, MemoryBasicInformation,
					      &mbi, sizeof(mbi), NULL);
	tap_check(NT_SUCCESS(status) && mbi.RegionSize == 0x10000 && mbi.Type == MEM_MAPPED,
		  "ZwMapViewOfSection, ViewSize 0: the whole section");

	status = MapWholeView(openedHandle, PAGE_READONLY, &roView);
	if (NT_SUCCESS(status) && rwView) {
		memcpy(rwView, "written through the read/write view", 36);
		tap_check(!strcmp((char *)roView, "written through the read/write view"),
			  "PAGE_READONLY view of the other handle sees it");
	} else {
		tap_check(0, "PAGE_READONLY view of the other handle sees it");
	}

	status = MapWholeView(openedHandle, PAGE_WRITECOPY, &cowView);
	if (NT_SUCCESS(status) && rwView) {
		memcpy(cowView, "private", 8);
		tap_check(!strcmp((char *)rwView, "written through the read/write view"),
			  "PAGE_WRITECOPY view: its writes are its own");
	} else {
		tap_check(0, "PAGE_WRITECOPY view: its writes are its own");
	}

	/* A file-backed section: FileHandle is the file's handle. */
	fd = mkstemp(path);
	if (fd >= 0 && write(fd, "from the file", 14) == 14) {
		maximumSize.QuadPart = 0;	/* the file's size */
		status = ZwCreateSection(&fileSection, SECTION_MAP_READ, NULL, NULL,
					 PAGE_READONLY, SEC_COMMIT,
					 ntsection_handle_from_fd(fd));
		if (NT_SUCCESS(status))
			status = MapWholeView(fileSection, PAGE_READONLY, &fileView);
		tap_check(NT_SUCCESS(status) && !strcmp((char *)fileView, "from the file"),
			  "a file-backed section's view reads the file");
	} else {
		tap_check(0, "a file-backed section's view reads the file");
	}

	tap_check(ZwUnmapViewOfSection(ZwCurrentProcess(), rwView) == STATUS_SUCCESS &&
		  ZwUnmapViewOfSection(ZwCurrentProcess(), roView) == STATUS_SUCCESS &&
		  ZwUnmapViewOfSection(ZwCurrentProcess(), cowView) == STATUS_SUCCESS &&
		  ZwUnmapViewOfSection(ZwCurrentProcess(), fileView) == STATUS_SUCCESS &&
		  ZwUnmapViewOfSection(ZwCurrentProcess(), rwView) == STATUS_NOT_MAPPED_VIEW,
		  "ZwUnmapViewOfSection");
	tap_check(ZwClose(sectionHandle) == STATUS_SUCCESS &&
		  ZwClose(openedHandle) == STATUS_SUCCESS &&
		  ZwClose(fileSection) == STATUS_SUCCESS &&
		  ZwOpenSection(&openedHandle, SECTION_QUERY, &objectAttributes) ==
		  STATUS_OBJECT_NAME_NOT_FOUND, "ZwClose: the name goes with the last handle");
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	return tap_end();
}
