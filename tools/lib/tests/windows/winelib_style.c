// SPDX-License-Identifier: GPL-2.0-only
/*
 * Winelib-style source: Wine's <windows.h> and <winternl.h> first (built
 * with -fshort-wchar -I/usr/include/wine/wine/windows), then <ntsection.h>,
 * which adds nothing they define and binds the Nt calls to libntsection
 * (not to Wine's ms_abi declarations). Built only where libwine-dev is.
 */
#include <windows.h>
#include <winternl.h>

#include <string.h>

#include <ntsection.h>

#include "tap.h"

int main(void)
{
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	LARGE_INTEGER size;
	HANDLE section = NULL, again = NULL;
	PVOID view = NULL;
	SIZE_T viewSize = 0;
	NTSTATUS status;

	if (tap_start(4))
		return 0;
	size.QuadPart = 0x10000;
	RtlInitUnicodeString(&name, L"\\BaseNamedObjects\\win-winelib");
	InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
	status = NtCreateSection(&section, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE,
				 SEC_COMMIT, NULL);
	tap_check(status == STATUS_SUCCESS && name.Length == 58,
		  "NtCreateSection through Wine's types");
	status = NtMapViewOfSection(section, NtCurrentProcess(), &view, 0, 0, NULL, &viewSize,
				    ViewShare, 0, PAGE_READWRITE);
	tap_check(status == STATUS_SUCCESS && viewSize == 0x10000, "NtMapViewOfSection");
	status = NtOpenSection(&again, MAXIMUM_ALLOWED, &oa);
	tap_check(status == STATUS_SUCCESS && again != section, "NtOpenSection, MAXIMUM_ALLOWED");
	if (view)
		memcpy(view, "winelib", 8);
	tap_check(NtUnmapViewOfSection(NtCurrentProcess(), view) == STATUS_SUCCESS &&
		  NtClose(again) == STATUS_SUCCESS && NtClose(section) == STATUS_SUCCESS,
		  "NtUnmapViewOfSection, NtClose");
	return tap_end();
}
