// SPDX-License-Identifier: GPL-2.0-only
/*
 * The installed library as a user gets it: this program is compiled with
 * nothing but the installed <ntsection.h> and the flags of
 * "pkg-config --static --cflags --libs ntsection" (see build-userspace.sh),
 * and prints TAP.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ntsection.h>

static int failed, count;

static void check(int ok, const char *what)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++count, what);
	if (!ok)
		failed++;
}

int main(void)
{
	static const WCHAR path[] = u"\\BaseNamedObjects\\install-test";
	LARGE_INTEGER size = { .QuadPart = 65536 };
	SECTION_BASIC_INFORMATION sbi;
	MEMORY_BASIC_INFORMATION mbi;
	UNICODE_STRING name;
	OBJECT_ATTRIBUTES oa;
	HANDLE h = NULL, h2 = NULL;
	PVOID v1 = NULL, v2 = NULL, priv = NULL;
	SIZE_T vs = 0, vs2 = 0, ps = 4096;
	int i;

	printf("TAP version 13\n1..7\n");
	if (access("/dev/ntsection", F_OK)) {
		for (i = 1; i <= 7; i++)
			printf("ok %d # SKIP /dev/ntsection is missing\n", i);
		return 0;
	}
	RtlInitUnicodeString(&name, path);
	InitializeObjectAttributes(&oa, &name, 0, NULL, NULL);
	check(NtCreateSection(&h, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT,
			      NULL) == STATUS_SUCCESS, "NtCreateSection of a named section");
	check(ZwOpenSection(&h2, SECTION_MAP_READ | SECTION_MAP_WRITE, &oa) == STATUS_SUCCESS,
	      "ZwOpenSection of it");
	check(NtMapViewOfSection(h, NtCurrentProcess(), &v1, 0, 0, NULL, &vs, ViewShare, 0,
				 PAGE_READWRITE) == STATUS_SUCCESS &&
	      NtMapViewOfSection(h2, NtCurrentProcess(), &v2, 0, 0, NULL, &vs2, ViewUnmap, 0,
				 PAGE_READONLY) == STATUS_SUCCESS, "two views of it");
	if (v1 && v2) {
		memcpy(v1, "installed", 10);
		check(!strcmp(v2, "installed"), "the views share their pages");
	} else {
		check(0, "the views share their pages");
	}
	check(NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi), NULL) ==
	      STATUS_SUCCESS && sbi.Size.QuadPart == 65536 && sbi.Attributes == SEC_COMMIT,
	      "NtQuerySection");
	check(NtAllocateVirtualMemory(NtCurrentProcess(), &priv, 0, &ps, MEM_RESERVE | MEM_COMMIT,
				      PAGE_READWRITE) == STATUS_SUCCESS &&
	      NtQueryVirtualMemory(NtCurrentProcess(), priv, MemoryBasicInformation, &mbi,
				   sizeof(mbi), NULL) == STATUS_SUCCESS &&
	      mbi.Type == MEM_PRIVATE && mbi.State == MEM_COMMIT, "private memory");
	check(NtUnmapViewOfSection(NtCurrentProcess(), v1) == STATUS_SUCCESS &&
	      NtUnmapViewOfSection(NtCurrentProcess(), v2) == STATUS_SUCCESS &&
	      NtClose(h) == STATUS_SUCCESS && NtClose(h2) == STATUS_SUCCESS &&
	      NtClose(h) == STATUS_INVALID_HANDLE, "unmap and close");
	printf("# Totals: pass:%d fail:%d\n", count - failed, failed);
	return failed ? 1 : 0;
}
